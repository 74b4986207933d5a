# /online и /away.
availability-online = 🟢 Вы на месте: вам могут назначать чаты, переданные вашим группам.
availability-got-from-queue = Из очередей ваших групп вам достались: { $chats }.
availability-away = ⚪ Вы отошли: группы не назначают вам чаты. Ваши чаты остаются за вами.
