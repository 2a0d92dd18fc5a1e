window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1950000000000000101" ], "editableUntil" : "2025-08-02T10:00:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://example.org\" rel=\"nofollow\">Example Web App</a>",
      "entities" : {
        "hashtags" : [ { "text" : "RiverFest", "indices" : [ "104", "114" ] } ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ { "url" : "https://t.co/ExAmPleRiv1", "expanded_url" : "https://example.org/riverfest/programme", "display_url" : "example.org/riverfest/prog…", "indices" : [ "115", "139" ] } ]
      },
      "display_text_range" : [ "0", "139" ],
      "favorite_count" : "41",
      "id_str" : "1950000000000000101",
      "truncated" : false,
      "retweet_count" : "12",
      "id" : "1950000000000000101",
      "created_at" : "Sat Aug 02 09:30:00 +0000 2025",
      "favorited" : false,
      "full_text" : "The boats are on the water and the lanterns are lit. Tonight's parade starts at 8 pm from the old mill. #RiverFest https://t.co/ExAmPleRiv1",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://example.org\" rel=\"nofollow\">Example Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "90" ],
      "favorite_count" : "7",
      "id_str" : "1950000000000000102",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1950000000000000102",
      "created_at" : "Sun Aug 03 07:05:00 +0000 2025",
      "favorited" : false,
      "full_text" : "Thank you to the 300 volunteers who cleared the riverbank this morning. See you next year!",
      "lang" : "en"
    }
  }
]
