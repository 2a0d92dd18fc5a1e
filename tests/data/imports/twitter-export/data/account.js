window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "newsdesk@example.org",
      "createdVia" : "web",
      "username" : "ExampleNewsDesk",
      "accountId" : "1234567890123456789",
      "createdAt" : "2020-01-15T09:30:00.000Z",
      "accountDisplayName" : "Example News Desk"
    }
  }
]
