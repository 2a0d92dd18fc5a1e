window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1940025929224945741" ], "editableUntil" : "2025-07-01T13:33:20.000Z", "editsRemaining" : "5", "isEditEligible" : false } },
      "retweeted" : false,
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "279" ],
      "favorite_count" : "40",
      "id_str" : "1940025929224945741",
      "truncated" : false,
      "retweet_count" : "9",
      "id" : "1940025929224945741",
      "created_at" : "Tue Jul 01 12:33:20 +0000 2025",
      "favorited" : false,
      "full_text" : "The council voted 31 to 12 tonight to close the harbour road to cars on weekends from August. The trial runs for six months; buses, taxis and deliveries before 10am keep their access. Residents' groups asked for the trial to include the market streets, which the council will …",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "44" ],
      "favorite_count" : "2",
      "id_str" : "1940026345857744901",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1940026345857744901",
      "created_at" : "Tue Jul 01 12:34:59 +0000 2025",
      "favorited" : false,
      "full_text" : "Full story on the vote in our live blog now.",
      "lang" : "en"
    }
  }
]
