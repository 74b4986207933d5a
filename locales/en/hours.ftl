# Business hours: the off-hours automatic answer and /hours.
# The language of this file: picks the team's own off-hours text written for it (/hours message en ...).
hours-locale = en
hours-auto-answer = Thank you for your message. We are outside business hours right now; we will answer as soon as we are back.
