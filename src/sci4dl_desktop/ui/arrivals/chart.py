"""Arrivals per five minutes through the morning: a stacked bar chart by category (QtCharts).

Bars sit at their bucket's index; the time axis (a QCategoryAxis) labels every half
hour at the boundary where it begins, so labels stay legible however long the
morning. Colours come from the palette (background, text, grid) and a fixed set of
category colours that read on light and dark; the legend names each category.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from sci4dl_desktop.domain.arrivals import ArrivalsReport
from sci4dl_desktop.store.enums import AttendeeCategory
from sci4dl_desktop.ui.arrivals.models import CATEGORY_COLOURS

LABEL_EVERY_MINUTES = 30


def nice_maximum(peak: int) -> int:
    """A round top for the count axis, four round steps above zero (at least 0-4)."""
    for step in (1, 2, 5, 10, 15, 20, 25, 50, 75, 100, 150, 200, 250, 500, 750, 1000):
        if step * 4 >= peak:
            return step * 4
    return -(-peak // 1000) * 1000


class ArrivalsChart(QChartView):
    """Shows an ArrivalsReport's buckets; `set_report` rebuilds the series in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setObjectName("arrivals-chart")
        self.setAccessibleName("Arrivals per five minutes")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        chart = self.chart_
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setTitle("Arrivals per five minutes")
        self.series = QStackedBarSeries()
        self.series.setBarWidth(0.92)
        self.sets: dict[AttendeeCategory, QBarSet] = {}
        chart.addSeries(self.series)
        self.time_axis = QCategoryAxis()
        self.time_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.time_axis.setTitleText("Event time")
        self.count_axis = QValueAxis()
        self.count_axis.setLabelFormat("%d")
        self.count_axis.setTitleText("People")
        chart.addAxis(self.time_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.count_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.time_axis)
        self.series.attachAxis(self.count_axis)
        self.labels: list[str] = []
        self._restyle()

    def set_report(self, report: ArrivalsReport) -> None:
        buckets = report.buckets
        shown = [c for c in report.categories_present if c is not AttendeeCategory.REMOTE]
        if list(self.sets) != shown:
            self.series.clear()
            self.sets = {}
            for category in shown:
                new_set = QBarSet(category.label)
                colour = QColor(CATEGORY_COLOURS[category])
                new_set.setColor(colour)
                new_set.setBorderColor(colour)
                self.sets[category] = new_set
                self.series.append(new_set)
        for kind, bar_set in self.sets.items():
            values = [float(b.count(kind)) for b in buckets]
            if bar_set.count() == len(values):
                for i, value in enumerate(values):
                    if bar_set.at(i) != value:
                        bar_set.replace(i, value)
            else:
                bar_set.remove(0, bar_set.count())
                bar_set.append(values)
        self._label_times(report)
        peak = max((b.total for b in buckets), default=0)
        top = nice_maximum(peak)
        self.count_axis.setRange(0, top)
        self.count_axis.setTickCount(5)
        self.setAccessibleDescription(
            f"{report.checked_in} arrivals; the busiest five minutes had {peak}"
        )

    def _label_times(self, report: ArrivalsReport) -> None:
        axis = self.time_axis
        labels = []
        for index, bucket in enumerate(report.buckets):
            if bucket.start.minute % LABEL_EVERY_MINUTES == 0:
                labels.append((bucket.start.strftime("%H:%M"), index - 0.5))
        if [text for text, _ in labels] == self.labels and axis.count() == len(labels):
            axis.setRange(-0.5, len(report.buckets) - 0.5)
            return
        for text in axis.categoriesLabels():
            axis.remove(text)
        axis.setStartValue(-0.5)
        for text, value in labels:
            axis.append(text, value)
        axis.setRange(-0.5, len(report.buckets) - 0.5)
        self.labels = [text for text, _ in labels]

    # -- colours ----------------------------------------------------------------------------

    def _restyle(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        chart = self.chart_
        chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        chart.setBackgroundRoundness(0)
        chart.setPlotAreaBackgroundVisible(False)
        chart.setTitleBrush(text)
        title = QFont(self.font())
        title.setBold(True)
        title.setPointSizeF((title.pointSizeF() if title.pointSizeF() > 0 else 10.0) * 1.1)
        chart.setTitleFont(title)
        chart.legend().setLabelColor(text)
        chart.legend().setFont(self.font())
        for axis in (self.time_axis, self.count_axis):
            axis.setLabelsColor(text)
            axis.setLabelsFont(self.font())
            axis.setTitleBrush(text)
            axis.setLinePen(QPen(grid))
            axis.setGridLinePen(QPen(grid, 1, Qt.PenStyle.DotLine))
        self.time_axis.setGridLineVisible(False)
        self.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._restyle()


__all__ = ["LABEL_EVERY_MINUTES", "ArrivalsChart", "nice_maximum"]
