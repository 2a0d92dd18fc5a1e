window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Rajnath Singh",
            "screen_name" : "rajnathsingh",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1346439824",
            "id" : "1346439824"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "58"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1939836341973946514",
      "id_str" : "1940319534183354514",
      "in_reply_to_user_id" : "1346439824",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1940319534183354514",
      "in_reply_to_status_id" : "1939836341973946514",
      "created_at" : "Wed Jul 02 08:00:01 +0000 2025",
      "favorited" : false,
      "full_text" : "@rajnathsingh Thank you, we have updated the report &amp; the map.",
      "lang" : "en",
      "in_reply_to_screen_name" : "rajnathsingh",
      "in_reply_to_user_id_str" : "1346439824"
    }
  }
]
