"""Fakes at the network edge for the tests: Bot API, gTTS endpoint, web pages (all on 127.0.0.1).

- `fake_telegram.FakeTelegram`: Bot API server for the real python-telegram-bot client.
- `fake_gtts.FakeGtts`: Google's batchexecute TTS endpoint answering real MP3 speech.
- `page_server.PageServer`: saved news pages and feeds, redirects, conditional GET.
- `audio.probe`: ffprobe summary (codec, channels, duration) for assertions by tolerance.
"""
