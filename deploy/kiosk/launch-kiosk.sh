#!/bin/sh
# Start the kiosk browser locked down: full screen, no address bar, no history kept between
# applicants, no password manager, no translation prompts, no downloads.
URL="${1:-https://kiosk.hearing.internal/}"
exec chromium --kiosk --incognito --no-first-run --disable-translate \
  --disable-features=Translate,PasswordManagerOnboarding,AutofillServerCommunication \
  --password-store=basic --disable-sync --disable-background-networking \
  --overscroll-history-navigation=0 --noerrdialogs --disable-pinch "$URL"
