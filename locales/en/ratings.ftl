# Satisfaction ratings: the question a client gets when their chat is closed, and what operators see.
rating-question =
    How did we do? Rate this conversation from 1 (poor) to 5 (excellent).
# $stars: the score as stars, ★★★★☆.
rating-thanks = Thank you for your rating: { $stars }
rating-add-comment = 💬 Add a comment
rating-comment-ask = Write your comment in one message; the team will read it.
rating-comment-thanks = Thank you, your comment reached the team.
rating-already = You have already rated this conversation.
rating-not-yours = This rating is not yours to give.
rating-no-longer = This question is no longer open.
# Operators: $id and $title name the chat, $client the client, $stars the score.
events-rated = ⭐ { $client } rated #{ $id } { $title }: { $stars }
events-rating-comment =
    💬 { $client } commented on their rating of #{ $id } { $title } ({ $stars }):
    { $text }
settings-ratings = Ask clients to rate closed chats
# The report's ratings section: $average like 4.5, $count how many ratings.
report-ratings-title = ⭐ Ratings
report-ratings-line = { $name }: average { $average } from { $count ->
        [one] { NUMBER($count, useGrouping: 0) } rating
       *[other] { NUMBER($count, useGrouping: 0) } ratings
    }
report-ratings-none = No ratings in this period.
