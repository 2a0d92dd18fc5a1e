window.YTD.tweet.part0 = [ {
  "retweeted" : false,
  "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
  "entities" : {
    "hashtags" : [ ],
    "symbols" : [ ],
    "user_mentions" : [ ],
    "urls" : [ ]
  },
  "display_text_range" : [ "0", "37" ],
  "favorite_count" : "5",
  "id_str" : "1194821747602362514",
  "truncated" : false,
  "retweet_count" : "1",
  "id" : "1194821747602362514",
  "created_at" : "Thu Nov 14 03:37:58 +0000 2019",
  "favorited" : false,
  "full_text" : "Polling stations open at 7 am today.",
  "lang" : "en"
} ]
