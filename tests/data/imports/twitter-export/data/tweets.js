window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1939992500106170514"
          ],
          "editableUntil" : "2025-07-01T11:20:30.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "monsoon",
            "indices" : [
              "25",
              "33"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/Ab12Cd34Ef",
            "expanded_url" : "https://example.org/news/2025/07/01/monsoon-report",
            "display_url" : "example.org/news/2025/07/0…",
            "indices" : [
              "68",
              "91"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "91"
      ],
      "favorite_count" : "12",
      "id_str" : "1939992500106170514",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1939992500106170514",
      "created_at" : "Tue Jul 01 10:20:30 +0000 2025",
      "favorited" : false,
      "full_text" : "Our live coverage of the #monsoon session continues all day. Read: https://t.co/Ab12Cd34Ef",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1940018798392250514"
          ],
          "editableUntil" : "2025-07-01T13:05:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ],
        "media" : [
          {
            "expanded_url" : "https://x.com/ExampleNewsDesk/status/1940018798392250514/photo/1",
            "indices" : [
              "45",
              "68"
            ],
            "url" : "https://t.co/Zz98Yy76Xx",
            "media_url" : "http://pbs.twimg.com/media/GuAbCdEfGhIjKlM.jpg",
            "id_str" : "1940018790000000001",
            "id" : "1940018790000000001",
            "media_url_https" : "https://pbs.twimg.com/media/GuAbCdEfGhIjKlM.jpg",
            "sizes" : {
              "large" : {
                "w" : "2048",
                "h" : "1365",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "453",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Zz98Yy76Xx"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "44"
      ],
      "favorite_count" : "40",
      "id_str" : "1940018798392250514",
      "truncated" : false,
      "retweet_count" : "9",
      "id" : "1940018798392250514",
      "possibly_sensitive" : false,
      "created_at" : "Tue Jul 01 12:05:00 +0000 2025",
      "favorited" : false,
      "full_text" : "पुणे में भारी बारिश, स्कूल आज बंद रहेंगे। https://t.co/Zz98Yy76Xx",
      "lang" : "hi",
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/ExampleNewsDesk/status/1940018798392250514/photo/1",
            "indices" : [
              "45",
              "68"
            ],
            "url" : "https://t.co/Zz98Yy76Xx",
            "media_url" : "http://pbs.twimg.com/media/GuAbCdEfGhIjKlM.jpg",
            "id_str" : "1940018790000000001",
            "id" : "1940018790000000001",
            "media_url_https" : "https://pbs.twimg.com/media/GuAbCdEfGhIjKlM.jpg",
            "sizes" : {
              "large" : {
                "w" : "2048",
                "h" : "1365",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Zz98Yy76Xx"
          },
          {
            "expanded_url" : "https://x.com/ExampleNewsDesk/status/1940018798392250514/video/2",
            "indices" : [
              "45",
              "68"
            ],
            "url" : "https://t.co/Zz98Yy76Xx",
            "media_url" : "http://pbs.twimg.com/ext_tw_video_thumb/1940018790000000002/pu/img/QwErTy.jpg",
            "id_str" : "1940018790000000002",
            "video_info" : {
              "aspect_ratio" : [
                "16",
                "9"
              ],
              "duration_millis" : "14000",
              "variants" : [
                {
                  "content_type" : "application/x-mpegURL",
                  "url" : "https://video.twimg.com/ext_tw_video/1940018790000000002/pu/pl/AbC.m3u8?tag=12"
                },
                {
                  "bitrate" : "832000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/ext_tw_video/1940018790000000002/pu/vid/640x360/LoW.mp4?tag=12"
                },
                {
                  "bitrate" : "2176000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/ext_tw_video/1940018790000000002/pu/vid/1280x720/HiGh.mp4?tag=12"
                }
              ]
            },
            "id" : "1940018790000000002",
            "media_url_https" : "https://pbs.twimg.com/ext_tw_video_thumb/1940018790000000002/pu/img/QwErTy.jpg",
            "sizes" : {
              "large" : {
                "w" : "1280",
                "h" : "720",
                "resize" : "fit"
              }
            },
            "type" : "video",
            "display_url" : "pic.x.com/Zz98Yy76Xx"
          }
        ]
      }
    }
  }
]
