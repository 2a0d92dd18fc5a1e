window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "press@example.org",
      "createdVia" : "web",
      "username" : "riverfestdemo",
      "accountId" : "3300000001",
      "createdAt" : "2019-03-02T09:14:00.000Z",
      "accountDisplayName" : "Riverside Festival"
    }
  }
]
