window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "desk@example.org",
      "createdVia" : "web",
      "username" : "ExampleNewsDesk",
      "accountId" : "1234567890123456789",
      "createdAt" : "2019-03-01T08:00:00.000Z",
      "accountDisplayName" : "Example News Desk"
    }
  }
]
