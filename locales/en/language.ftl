# /language: the language the console speaks to an operator.
language-current-chosen = The bot speaks { $language } to you, as you chose. Choose another language, or your Telegram app's:
language-current-app = The bot speaks { $language } to you, following your Telegram app. Choose a language:
language-as-app = 📱 As my Telegram app
language-chosen = Done.
language-outdated = Your language changed; here it is now.
