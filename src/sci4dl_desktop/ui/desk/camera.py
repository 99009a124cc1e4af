"""The desk's camera panel: a live preview, and every badge QR code it sees checked in.

QtMultimedia delivers the frames (`QCamera` in a `QMediaCaptureSession`, shown in a
`QVideoWidget`, whose video sink also hands each frame to the decoder). The decoder
works on its own thread and always on the newest frame (see frame_decoder.py).

A badge held in front of the camera is read many times a second; it is checked in
once, and again only after it has been out of view for `REARM_SECONDS` (the check-in
service also counts one payload read twice within two seconds once).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCameraPermission, QCoreApplication, QPermission, Qt, Signal
from PySide6.QtGui import QHideEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sci4dl_desktop.ui.desk.frame_decoder import LatestFrameDecoder  # sets the log rules first
from sci4dl_desktop.ui.desk.qr_decode import badge_payload

from PySide6.QtMultimedia import (  # isort: skip
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoFrameFormat,
)
from PySide6.QtMultimediaWidgets import QVideoWidget  # isort: skip

REARM_SECONDS = 2.0
TARGET_WIDTH, TARGET_HEIGHT = 1280, 720  # enough for a badge at arm's length, cheap to decode
_DIRECT_FORMATS = frozenset(
    {
        QVideoFrameFormat.PixelFormat.Format_NV12,
        QVideoFrameFormat.PixelFormat.Format_YUV420P,
        QVideoFrameFormat.PixelFormat.Format_YUYV,
        QVideoFrameFormat.PixelFormat.Format_UYVY,
        QVideoFrameFormat.PixelFormat.Format_Y8,
    }
)


def camera_devices() -> list[QCameraDevice]:
    """The cameras connected now."""
    return list(QMediaDevices.videoInputs())


def best_format(device: QCameraDevice) -> QCameraFormat | None:
    """The camera format closest to 1280x720 at 15 fps or more, preferring YUV pixels
    (decoded without conversion); None when the camera lists none."""

    def cost(fmt: QCameraFormat) -> tuple[float, int, int]:
        size = fmt.resolution()
        pixels = size.width() * size.height()
        distance = abs(pixels - TARGET_WIDTH * TARGET_HEIGHT) / (TARGET_WIDTH * TARGET_HEIGHT)
        slow = 1 if fmt.maxFrameRate() < 15 else 0
        converted = 0 if fmt.pixelFormat() in _DIRECT_FORMATS else 1
        return (slow + distance, converted, -round(fmt.maxFrameRate()))

    formats = list(device.videoFormats())
    return min(formats, key=cost) if formats else None


class CameraPanel(QFrame):
    """Camera chooser, start/stop, preview and status; `payload_read(text)` per badge seen."""

    payload_read = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, time_source: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.setObjectName("desk-camera")
        self.setAccessibleName("Camera scanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.time_source = time_source
        self._last_text = ""
        self._last_seen = -1e9
        self.camera: QCamera | None = None
        self.reads = 0  # badge codes handed on
        self._awaiting_pictures = False

        title = QLabel("<b>Camera scanner</b>", self)
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("camera-chooser")
        self.chooser.setAccessibleName("Camera")
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(12)
        self.chooser.setPlaceholderText("No camera found")
        self.start_button = QPushButton("&Start camera", self)
        self.start_button.setObjectName("camera-start")
        self.start_button.setCheckable(True)
        self.start_button.setAccessibleName("Start or stop the camera")
        self.preview = QVideoWidget(self)
        self.preview.setObjectName("camera-preview")
        self.preview.setAccessibleName("Camera preview")
        self.preview.setMinimumSize(320, 180)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.status = QLabel(self)
        self.status.setObjectName("camera-status")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Camera status")
        self.no_picture = QLabel(self)
        self.no_picture.setObjectName("camera-no-picture")
        self.no_picture.setWordWrap(True)
        self.no_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_picture.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.no_picture.setContentsMargins(16, 16, 16, 16)
        font = self.no_picture.font()
        font.setPointSizeF((font.pointSizeF() if font.pointSizeF() > 0 else 10.0) * 1.15)
        self.no_picture.setFont(font)
        self.view_stack = QStackedWidget(self)
        self.view_stack.addWidget(self.no_picture)
        self.view_stack.addWidget(self.preview)

        choose = QHBoxLayout()
        choose.addWidget(self.chooser, 1)
        choose.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addLayout(choose)
        layout.addWidget(self.view_stack, 1)
        layout.addWidget(self.status)

        self.session = QMediaCaptureSession(self)
        self.session.setVideoOutput(self.preview)
        self.decoder = LatestFrameDecoder(self)
        self.decoder.decoded.connect(self._decoded)
        # every frame goes straight to the decoder: no Python work per frame on this thread
        self.preview.videoSink().videoFrameChanged.connect(self.decoder.submit)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self.refresh_cameras)
        self.start_button.toggled.connect(self._start_toggled)
        self._show_live(False)
        self.refresh_cameras()

    # -- cameras ----------------------------------------------------------------------------

    def refresh_cameras(self) -> None:
        """List the cameras now connected, keeping the chosen one if it is still there."""
        chosen = self.chooser.currentData()
        self.chooser.clear()
        for device in camera_devices():
            self.chooser.addItem(device.description(), device.id())
        found = self.chooser.count() > 0
        if chosen is not None:
            index = self.chooser.findData(chosen)
            if index >= 0:
                self.chooser.setCurrentIndex(index)
        self.chooser.setEnabled(found)
        self.start_button.setEnabled(found or self.running)
        if not found and not self.running:
            self._say(
                "No camera found. Plug one in (it appears here by itself), or scan with a "
                "handheld scanner or from a picture."
            )
        elif not self.running:
            self._say("Choose a camera and press Start.")

    def _device(self) -> QCameraDevice | None:
        wanted = self.chooser.currentData()
        for device in camera_devices():
            if device.id() == wanted:
                return device
        return None

    @property
    def running(self) -> bool:
        return self.camera is not None and self.camera.isActive()

    def start(self) -> None:
        """Start the chosen camera (asking the system for permission where it must)."""
        device = self._device()
        if device is None:
            self.start_button.setChecked(False)
            self.refresh_cameras()
            return
        app = QCoreApplication.instance()
        if app is not None:
            status = app.checkPermission(QCameraPermission())
            if status == Qt.PermissionStatus.Undetermined:  # the system asks the user once

                def answered(permission: QPermission) -> None:
                    if permission.status() == Qt.PermissionStatus.Granted:
                        self._start_device(device)
                    else:
                        self._denied()

                app.requestPermission(QCameraPermission(), self, answered)
                return
            if status == Qt.PermissionStatus.Denied:
                self._denied()
                return
        self._start_device(device)

    def _denied(self) -> None:
        self.start_button.setChecked(False)
        self._say("Camera access is denied: allow it in the system settings.", error=True)

    def _start_device(self, device: QCameraDevice) -> None:
        self.stop()
        camera = QCamera(device, self)
        fmt = best_format(device)
        if fmt is not None:
            camera.setCameraFormat(fmt)
        camera.errorOccurred.connect(self._camera_error)
        camera.activeChanged.connect(self._active_changed)
        self.camera = camera
        self.session.setCamera(camera)
        camera.start()
        self._say(f"Starting {device.description()}…")

    def stop(self) -> None:
        camera, self.camera = self.camera, None
        if camera is not None:
            camera.stop()
            self.session.setCamera(None)  # type: ignore[arg-type]  # no camera: Qt takes None
            camera.deleteLater()
        self.decoder.stop()
        self._show_live(False)
        if self.start_button.isChecked():
            self.start_button.setChecked(False)

    def _start_toggled(self, on: bool) -> None:
        self.start_button.setText("&Stop camera" if on else "&Start camera")
        if on and self.camera is None:
            self.start()
        elif not on and self.camera is not None:
            self.stop()
            self._say("Camera stopped.")

    def _active_changed(self, active: bool) -> None:
        if active:
            self._say("Hold the badge's QR code up to the camera.")

    def _camera_error(self, _error: QCamera.Error, text: str) -> None:
        self._say(f"Camera problem: {text or 'the camera stopped'}. Try another camera.", True)
        self.stop()

    # -- frames --------------------------------------------------------------------------------

    def _pictures_arrive(self, _frame: QVideoFrame) -> None:
        self._awaiting_pictures = False
        self._show_live(True)  # the first frame of a camera (or any video source): show it

    def _decoded(self, texts: list[str]) -> None:
        text = badge_payload(texts)
        if text is None:
            return
        now = self.time_source()
        same = text == self._last_text and now - self._last_seen < REARM_SECONDS
        self._last_text, self._last_seen = text, now
        if same:
            return  # the same badge is still in view: it was handed on already
        self.reads += 1
        self._say("Badge code read.")
        self.payload_read.emit(text)

    def _show_live(self, live: bool) -> None:
        """The preview with the status under it, or the status alone in the preview's place
        until the next frame arrives."""
        self.view_stack.setCurrentWidget(self.preview if live else self.no_picture)
        self.status.setVisible(live)
        if not live and not self._awaiting_pictures:
            self._awaiting_pictures = True
            self.preview.videoSink().videoFrameChanged.connect(
                self._pictures_arrive, Qt.ConnectionType.SingleShotConnection
            )

    def _say(self, text: str, error: bool = False) -> None:
        shown = f"⚠ {text}" if error else text
        if shown == self.status.text():
            return  # said already: a badge read after badge changes nothing here
        self.status.setText(shown)
        self.status.setStyleSheet("font-weight: bold;" if error else "")
        self.no_picture.setText(shown)

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop()  # the camera runs only while its panel is on screen
        super().hideEvent(event)

    def shutdown(self) -> None:
        """Stop the camera and the decoder thread (before the page goes away)."""
        self.stop()


__all__ = ["REARM_SECONDS", "CameraPanel", "best_format", "camera_devices"]
