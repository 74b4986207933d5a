# /report: performance per operator, as a message and as CSV.
report-title = 📊 Report, { $period }
report-period-today = today
report-period-7d = 7 days
report-period-30d = 30 days
report-button-today = Today
report-button-7d = 7 days
report-button-30d = 30 days
report-button-csv = 📄 CSV
report-usage = Use /report today, /report 7d or /report 30d.
report-empty = No activity in this period.
report-team = Team
report-line =
    { $name }: { NUMBER($assigned, useGrouping: 0) } assigned, { $closed } closed, { NUMBER($messages, useGrouping: 0) } messages
      first response median { $firstMedian }, p90 { $firstP90 }; resolution median { $resolutionMedian }
      reassigned in { $reassignedIn }, out { $reassignedOut }
report-csv-header = operator_id,operator,chats_assigned,chats_closed,messages_sent,first_response_median_s,first_response_p90_s,resolution_median_s,reassigned_in,reassigned_out
duration-seconds = { $s }s
duration-minutes = { $m }m { $s }s
duration-hours = { $h }h { $m }m
