# Words shared by several features. Each feature keeps its own file beside this one (locales/en/<feature>.ftl),
# with the same keys in every language folder.
language-name = English
button-no-longer-valid = This button is no longer valid.
guard-not-operator = This is for the team's operators only.
guard-not-admin = Only an admin can do this.
nothing-to-change = Nothing to change.
button-back = « Back
ago-minutes = { $m }m
ago-hours = { $h }h { $m }m
ago-days = { $d }d
