# A chat's history and transcript.
history-empty = #{ $id } { $title }: no messages yet.
history-title = 📜 #{ $id } { $title }
history-title-page = 📜 #{ $id } { $title } (page { $page })
history-operator = { $name } (operator)
history-older = Older
history-transcript-button = 📄 Transcript
history-transcript-caption = Transcript of #{ $id } { $title }
