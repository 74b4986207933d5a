# /profile: уведомления оператора.
profile-text =
    Ваши уведомления. Сейчас: { $channel }, { $filter }; вы { $availability }.
    Верхний ряд: как приходят сообщения (Выкл.: ничего не присылается, вы работаете с уже полученными карточками).
    Нижний ряд: о каких чатах. Новые и мои = чаты без ответственного и ваши. О чатах, назначенных вам, вы узнаёте всегда.
profile-channel-sound = со звуком
profile-channel-silent = без звука
profile-channel-off = выключены
profile-filter-all = все чаты
profile-filter-new-and-mine = новые и мои
profile-filter-mine = только мои
profile-availability-online = на месте
profile-availability-away = отошли
profile-button-sound = 🔔 Со звуком
profile-button-silent = 🔕 Без звука
profile-button-off = ⛔ Выкл.
profile-button-all = Все чаты
profile-button-new-and-mine = Новые и мои
profile-button-mine = Только мои
profile-outdated = Ваш профиль изменился; вот он сейчас.
