"""Views by audience: `public` (agenda, event pages, calendars), `registrations` (a registrant's own
pages), `staff` (managing events) and `checkin` (at the door)."""
