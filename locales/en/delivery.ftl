# What delivery says when a message could not be delivered or shown. $reason is one of the delivery-failure-* texts.
delivery-not-delivered = ⚠️ Not delivered to #{ $id } { $title }: { $reason }
delivery-not-delivered-to-client = ⚠️ Not delivered to the client: { $reason }
delivery-not-shown = 📎 A message from { $title } could not be shown here: { $reason }
delivery-failure-blocked = the client has blocked the bot.
delivery-failure-never-started = the person has never started the bot.
delivery-failure-too-long = the message is longer than Telegram allows (4096 characters).
delivery-failure-caption-too-long = the caption is longer than Telegram allows (1024 characters).
delivery-failure-source-gone = the original message no longer exists.
# $description: Telegram's own words.
delivery-failure-refused = Telegram refused it ({ $description }).
# $attempts is shown as is; $n is the same number for the plural.
delivery-failure-unreachable = Telegram could not be reached after { $attempts } attempts ({ $description })
delivery-failure-deactivated = the operator was deactivated.
