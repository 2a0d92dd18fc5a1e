window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1940025929212362755",
      "updatedAt" : "2025-07-01T12:33:20.000Z",
      "lifecycle" : { "value" : "1", "name" : "Active", "originalValue" : "1", "originalName" : "Active" },
      "createdAt" : "2025-07-01T12:33:20.000Z",
      "core" : {
        "styletags" : [ ],
        "urls" : [ { "shortUrl" : "https://t.co/Harb0urRd1", "expandedUrl" : "https://example.org/council/harbour-road-trial", "displayUrl" : "example.org/council/harbou…" } ],
        "text" : "The council voted 31 to 12 tonight to close the harbour road to cars on weekends from August. The trial runs for six months; buses, taxis and deliveries before 10am keep their access. Residents' groups asked for the trial to include the market streets, which the council will review in October. The full decision: https://t.co/Harb0urRd1",
        "mentions" : [ ],
        "cashtags" : [ ],
        "hashtags" : [ ]
      }
    }
  },
  {
    "noteTweet" : {
      "noteTweetId" : "1901181642601398281",
      "updatedAt" : "2025-03-16T08:00:00.000Z",
      "lifecycle" : { "value" : "1", "name" : "Active", "originalValue" : "1", "originalName" : "Active" },
      "createdAt" : "2025-03-16T08:00:00.000Z",
      "core" : {
        "styletags" : [ ],
        "urls" : [ ],
        "text" : "A long post from March whose tweet is not in this export (deleted before the export was made), so nothing pairs with it.",
        "mentions" : [ ],
        "cashtags" : [ ],
        "hashtags" : [ ]
      }
    }
  }
]
