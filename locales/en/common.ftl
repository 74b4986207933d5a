# Words shared by several features. Each feature keeps its own file beside this one (locales/en/<feature>.ftl),
# with the same keys in every language folder.
language-name = English
