"""Persian PDF documents: the one way Chatr writes a PDF (A4, right to left, shaped Vazirmatn).

fpdf2 lays the page out and HarfBuzz (uharfbuzz) shapes the Persian runs, so letters join and
lam-alef ligatures form. Callers pass text already formatted for display: Persian digits come
from `chatr.core.text.to_persian_digits` / `format_number` and dates from
`chatr.core.jalali.format_date`; this module only places it on the page.

Codes and URLs are written as their own left-to-right runs: inside a right-to-left run the bidi
algorithm may reorder the groups of a code such as "K7QM-4XPA-9RTD" on the page and in copied
or extracted text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final, Literal, cast

import segno
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

FONT_DIR: Final = Path(__file__).with_name("fonts")
_FONT_FAMILY: Final = "vazirmatn"

_PT_TO_MM: Final = 25.4 / 72
# Vazirmatn's Persian marks (dots, kasra, hamza) reach well above and below the Latin body:
# a looser leading than fpdf2's default keeps stacked lines from touching.
_LEADING: Final = 1.75

_PAGE_MARGIN: Final = 22.0  # mm from the paper edge to the text, on every side
_FRAME_INSET: Final = 11.0  # mm from the paper edge to the thin frame
_FOOTER_FROM_BOTTOM: Final = 17.0  # mm from the paper edge to the footer's baseline box
_CELL_PADDING: Final = 2.0  # mm inside each table cell

_TEXT_COLOUR: Final = (20, 20, 20)
_MUTED_COLOUR: Final = (90, 90, 90)
_RULE_COLOUR: Final = (120, 120, 120)
_LABEL_FILL: Final = (242, 242, 242)

_BODY_SIZE: Final = 11.0
_HEADING_SIZES: Final = {1: 17.0, 2: 13.0, 3: 11.5}

# No "justify": fpdf2 sets the last line of a justified paragraph flush left, which is wrong
# for right-to-left text.
Align = Literal["right", "center"]
_FPDF_ALIGN: Final = {"right": "R", "center": "C"}

# Only ASCII text (codes, digits, URLs, e-mail addresses) is treated as left-to-right.
_ASCII_MAX: Final = 0x7F


def verification_qr_png(*, url: str) -> bytes:
    """Return a PNG QR code (error correction M, 4 px modules, standard quiet zone) for url."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def is_left_to_right(text: str) -> bool:
    """Say whether text is written left to right: only ASCII, such as a code or a URL."""
    return all(ord(char) <= _ASCII_MAX for char in text)


def _line_height(size_pt: float) -> float:
    return size_pt * _PT_TO_MM * _LEADING


class _Canvas(FPDF):
    """fpdf2 with Chatr's page furniture: a thin frame and a footer line on every page."""

    def __init__(self, *, framed: bool, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.framed = framed
        self.footer_text = footer_text

    def header(self) -> None:
        if self.framed:
            self.set_draw_color(*_RULE_COLOUR)
            self.set_line_width(0.3)
            self.rect(
                _FRAME_INSET,
                _FRAME_INSET,
                self.w - 2 * _FRAME_INSET,
                self.h - 2 * _FRAME_INSET,
            )
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        if not self.footer_text:
            return
        # A page break can fall inside a left-to-right block: the rest of it must keep its
        # shaping settings (fpdf2 restores the font and colours itself).
        shaping = self.text_shaping
        self.set_font(_FONT_FAMILY, "", 8.5)
        self.set_text_color(*_MUTED_COLOUR)
        _shape_rtl(self)
        self.set_xy(self.l_margin, self.h - _FOOTER_FROM_BOTTOM - _line_height(8.5))
        self.cell(self.epw, _line_height(8.5), self.footer_text, align="C")
        self.text_shaping = shaping


def _shape_rtl(pdf: FPDF) -> None:
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="fas")


def _shape_ltr(pdf: FPDF) -> None:
    # Plain ASCII needs no shaping; turning it off also keeps the bidi algorithm away.
    pdf.set_text_shaping(use_shaping_engine=False)


class PersianDocument:
    """An A4 portrait document written right to left, built from the top down.

    Each method adds one block below the previous one and starts a new page when the block
    does not fit. `to_bytes()` finishes the document; nothing can be added after it.
    """

    def __init__(
        self,
        *,
        title: str,
        created_at: datetime,
        author: str = "",
        subject: str = "",
        footer: str = "",
        framed: bool = True,
    ) -> None:
        """Start the first page.

        created_at is written into the file: pass the issue time so that the same content
        gives the same bytes (fpdf2 would otherwise stamp the current time). footer is a small
        centred line at the bottom of every page; framed draws a thin border round each page.
        """
        pdf = _Canvas(framed=framed, footer_text=footer)
        pdf.add_font(_FONT_FAMILY, "", FONT_DIR / "Vazirmatn-Regular.ttf")
        pdf.add_font(_FONT_FAMILY, "B", FONT_DIR / "Vazirmatn-Bold.ttf")
        pdf.set_margins(left=_PAGE_MARGIN, top=_PAGE_MARGIN, right=_PAGE_MARGIN)
        pdf.set_auto_page_break(auto=True, margin=_PAGE_MARGIN + 6)
        pdf.set_title(title)
        pdf.set_lang("fa-IR")
        pdf.set_creator("Chatr")
        if author:
            pdf.set_author(author)
        if subject:
            pdf.set_subject(subject)
        pdf.set_creation_date(created_at)
        pdf.set_text_color(*_TEXT_COLOUR)
        pdf.add_page()
        self._pdf = pdf

    # Blocks -------------------------------------------------------------------------------

    def heading(self, *, text: str, level: Literal[1, 2, 3] = 1) -> None:
        """A centred bold heading; level 1 is the document's title, 2 and 3 are smaller."""
        size = _HEADING_SIZES[level]
        self._write(text=text, size=size, bold=True, align="center")
        self.spacer(height_mm=2.0 if level == 1 else 1.0)

    def paragraph(
        self, *, text: str, align: Align = "right", size: float = _BODY_SIZE, bold: bool = False
    ) -> None:
        """Right-to-left body text wrapped at the margins ("\\n" starts a new line)."""
        self._write(text=text, size=size, bold=bold, align=align)
        self.spacer(height_mm=2.0)

    def code_line(self, *, text: str, size: float = 11.0, align: Align = "center") -> None:
        """A left-to-right line such as a verification code or a URL (ASCII only)."""
        self._write(text=text, size=size, bold=False, align=align, ltr=True)

    def facts(
        self, *, rows: Sequence[tuple[str, str]], label_share: float = 0.36, size: float = 10.5
    ) -> None:
        """A two-column table: labels on the right, their values to the left of them.

        Values written only in ASCII (codes, URLs) are set left to right; all others right
        to left. label_share is the part of the text width the label column takes.
        """
        pdf = self._pdf
        pdf.set_draw_color(*_RULE_COLOUR)
        pdf.set_line_width(0.2)
        pdf.set_fill_color(*_LABEL_FILL)
        label_width = pdf.epw * label_share
        value_width = pdf.epw - label_width
        line_height = _line_height(size)
        for label, value in rows:
            label_lines = self._line_count(
                text=label, width=label_width - 2 * _CELL_PADDING, size=size, bold=True
            )
            value_lines = self._line_count(
                text=value,
                width=value_width - 2 * _CELL_PADDING,
                size=size,
                bold=False,
                ltr=is_left_to_right(value),
            )
            row_height = max(label_lines, value_lines) * line_height + 2 * _CELL_PADDING
            if pdf.will_page_break(row_height):
                pdf.add_page()
            top = pdf.get_y()
            value_left = pdf.l_margin
            label_left = value_left + value_width
            pdf.rect(label_left, top, label_width, row_height, style="DF")
            pdf.rect(value_left, top, value_width, row_height, style="D")
            self._text_box(
                text=label,
                left=label_left + _CELL_PADDING,
                top=top + _CELL_PADDING,
                width=label_width - 2 * _CELL_PADDING,
                size=size,
                bold=True,
                align="right",
            )
            self._text_box(
                text=value,
                left=value_left + _CELL_PADDING,
                top=top + _CELL_PADDING,
                width=value_width - 2 * _CELL_PADDING,
                size=size,
                bold=False,
                align="right",
                ltr=is_left_to_right(value),
            )
            pdf.set_xy(pdf.l_margin, top + row_height)
        self.spacer(height_mm=4.0)

    def qr_block(
        self,
        *,
        data: str,
        caption: str,
        ltr_lines: Sequence[str] = (),
        size_mm: float = 30.0,
    ) -> None:
        """A QR code on the left with a Persian caption and left-to-right lines to its right.

        Typically the caption asks the reader to scan the code, and the lines repeat its
        URL and the verification code for people without a scanner.
        """
        pdf = self._pdf
        caption_size, line_size = 10.0, 10.0
        gap = 6.0
        text_left = pdf.l_margin + size_mm + gap
        text_width = pdf.epw - size_mm - gap
        text_height = self._line_count(
            text=caption, width=text_width, size=caption_size, bold=False
        ) * _line_height(caption_size) + len(ltr_lines) * (_line_height(line_size) + 1.0)
        block_height = max(size_mm, text_height)
        if pdf.will_page_break(block_height):
            pdf.add_page()
        top = pdf.get_y()
        pdf.image(
            io.BytesIO(verification_qr_png(url=data)),
            x=pdf.l_margin,
            y=top,
            w=size_mm,
            h=size_mm,
            alt_text=caption,
        )
        # The text sits level with the middle of the code when it is shorter than it.
        text_top = top + max(0.0, (size_mm - text_height) / 2)
        self._text_box(
            text=caption,
            left=text_left,
            top=text_top,
            width=text_width,
            size=caption_size,
            bold=False,
            align="right",
        )
        for line in ltr_lines:
            pdf.set_y(pdf.get_y() + 1.0)
            self._text_box(
                text=line,
                left=text_left,
                top=pdf.get_y(),
                width=text_width,
                size=line_size,
                bold=False,
                align="right",
                ltr=True,
            )
        pdf.set_xy(pdf.l_margin, top + block_height)
        self.spacer(height_mm=3.0)

    def rule(self) -> None:
        """A thin horizontal line across the text width."""
        pdf = self._pdf
        pdf.set_draw_color(*_RULE_COLOUR)
        pdf.set_line_width(0.2)
        y = pdf.get_y() + 1.5
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.set_y(y + 3.0)

    def spacer(self, *, height_mm: float) -> None:
        """Vertical white space."""
        self._pdf.set_y(self._pdf.get_y() + height_mm)

    def push_to_bottom(self, *, height_mm: float) -> None:
        """Move down so that a block height_mm tall ends at the bottom margin (if it fits)."""
        pdf = self._pdf
        bottom = pdf.h - pdf.b_margin
        if pdf.get_y() + height_mm <= bottom:
            pdf.set_y(bottom - height_mm)

    def to_bytes(self) -> bytes:
        """Finish the document and return the PDF file."""
        return bytes(self._pdf.output())

    # Internals ----------------------------------------------------------------------------

    def _set_run(self, *, size: float, bold: bool, ltr: bool) -> None:
        self._pdf.set_font(_FONT_FAMILY, "B" if bold else "", size)
        if ltr:
            _shape_ltr(self._pdf)
        else:
            _shape_rtl(self._pdf)

    def _write(
        self, *, text: str, size: float, bold: bool, align: Align, ltr: bool = False
    ) -> None:
        pdf = self._pdf
        self._set_run(size=size, bold=bold, ltr=ltr)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(
            w=pdf.epw,
            h=_line_height(size),
            text=text,
            align=_FPDF_ALIGN[align],
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def _text_box(
        self,
        *,
        text: str,
        left: float,
        top: float,
        width: float,
        size: float,
        bold: bool,
        align: Align,
        ltr: bool = False,
    ) -> None:
        pdf = self._pdf
        self._set_run(size=size, bold=bold, ltr=ltr)
        pdf.set_xy(left, top)
        pdf.multi_cell(
            w=width,
            h=_line_height(size),
            text=text,
            align=_FPDF_ALIGN[align],
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )

    def _line_count(
        self, *, text: str, width: float, size: float, bold: bool, ltr: bool = False
    ) -> int:
        self._set_run(size=size, bold=bold, ltr=ltr)
        # output=LINES makes multi_cell return the list of wrapped lines (its union type
        # covers every output mode).
        lines = cast(
            list[str],
            self._pdf.multi_cell(w=width, text=text, dry_run=True, output=MethodReturnValue.LINES),
        )
        return max(1, len(lines))
