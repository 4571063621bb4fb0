"""Bot API methods on files: voice, audio, document and photo uploads, sending again by file_id,
getFile."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Awaitable, Callable
from typing import Any

from tests.helpers.fake_telegram.records import ApiError, Files, Params, StoredFile
from tests.helpers.fake_telegram.state import FakeState
from tests.helpers.fake_telegram.text_rules import MAX_CAPTION_LENGTH, over_limit, visible_text

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_MEDIA = {  # method → (parameter, kind, file_path folder, default extension)
    "sendvoice": ("voice", "voice", "voice", "oga"),
    "sendaudio": ("audio", "audio", "music", "mp3"),
    "senddocument": ("document", "document", "documents", "bin"),
    "sendphoto": ("photo", "photo", "photos", "jpg"),
}


def _sniff_mime(data: bytes, declared: str) -> str:
    if data.startswith(b"OggS"):
        return "audio/ogg"
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data.startswith(b"RIFF"):
        return "audio/x-wav"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return declared or "application/octet-stream"


def _probe_duration_s(data: bytes) -> int:
    """Duration Telegram would read from the file (0 when ffprobe is missing or fails)."""
    if not data or shutil.which("ffprobe") is None:
        return 0
    with tempfile.NamedTemporaryFile() as tmp:
        tmp.write(data)
        tmp.flush()
        done = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
             tmp.name],
            capture_output=True, text=True, check=False, timeout=20,
        )  # fmt: skip
    try:
        return round(float(done.stdout.strip()))
    except ValueError:
        return 0


class MediaMethods(FakeState):
    """Handlers of the file methods (each takes the request's params and files)."""

    def _media_sender(self, method: str) -> Callable[[Params, Files], Awaitable[dict[str, Any]]]:
        async def send(params: Params, files: Files) -> dict[str, Any]:
            return await self._send_media(method, params, files)

        return send

    async def _send_media(self, method: str, params: Params, files: Files) -> dict[str, Any]:
        field_name, kind, folder, extension = _MEDIA[method]
        caption = visible_text(str(params.get("caption") or ""), params.get("parse_mode"))
        if over_limit(caption, params.get("parse_mode"), MAX_CAPTION_LENGTH):
            raise ApiError(400, "Bad Request: message caption is too long")
        reference = params.get(field_name)
        upload = files.get(field_name)
        if upload is None and isinstance(reference, str) and reference.startswith("attach://"):
            upload = files.get(reference.removeprefix("attach://"))
        with self._lock:
            self._target_chat(params)
        if upload is not None:
            file_id, stored = await self._store_upload(upload, kind, folder, extension, params)
        elif isinstance(reference, str) and reference:
            file_id, stored = self._stored_by_reference(reference, kind)
        else:
            raise ApiError(400, f"Bad Request: there is no {field_name} in the request")
        with self._lock:
            chat = self._target_chat(params)
            extra = {kind: self._media_object(file_id, stored)}
            extra.update(self._message_extras(params, chat))
            if caption:
                extra["caption"] = caption
                if params.get("caption_entities"):
                    extra["caption_entities"] = params["caption_entities"]
            return self._new_message(chat, self._bot_user(), extra)

    async def _store_upload(
        self, upload: tuple[str, str, bytes], kind: str, folder: str, extension: str, params: Params
    ) -> tuple[str, StoredFile]:
        filename, content_type, data = upload
        if len(data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if not data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        duration = params.get("duration")
        if kind in {"voice", "audio"} and not isinstance(duration, int | float):
            duration = await asyncio.get_running_loop().run_in_executor(
                None, _probe_duration_s, data
            )
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            number = next(self._ids)
            stored = StoredFile(
                data=data,
                kind=kind,
                unique_id=f"U{digest[:15]}",
                path=f"{folder}/file_{number}.{extension}",
                mime_type=_sniff_mime(data, content_type),
                file_name=filename or f"file_{number}.{extension}",
                duration=int(duration or 0),
                extra={k: params[k] for k in ("title", "performer") if params.get(k)},
            )
            file_id = f"{kind.upper()}_{number:05d}_{digest[:12]}"
            self._files[file_id] = stored
        return file_id, stored

    def _stored_by_reference(self, reference: str, kind: str) -> tuple[str, StoredFile]:
        if reference.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: failed to get HTTP URL content")
        with self._lock:
            stored = self._files.get(reference)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise ApiError(
                400, f"Bad Request: can't use file of type {stored.kind.title()} as {kind.title()}"
            )
        return reference, stored

    @staticmethod
    def _media_object(file_id: str, stored: StoredFile) -> Any:
        base = {"file_id": file_id, "file_unique_id": stored.unique_id,
                "file_size": len(stored.data)}  # fmt: skip
        if stored.kind == "voice":
            return {**base, "duration": stored.duration, "mime_type": stored.mime_type}
        if stored.kind == "audio":
            return {**base, "duration": stored.duration, "mime_type": stored.mime_type,
                    "file_name": stored.file_name, **stored.extra}  # fmt: skip
        if stored.kind == "photo":
            return [{**base, "width": 320, "height": 240}]
        return {**base, "file_name": stored.file_name, "mime_type": stored.mime_type}

    async def _get_file(self, params: Params, files: Files) -> dict[str, Any]:
        file_id = str(params.get("file_id") or "")
        with self._lock:
            stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": stored.unique_id,
                "file_size": len(stored.data), "file_path": stored.path}  # fmt: skip
