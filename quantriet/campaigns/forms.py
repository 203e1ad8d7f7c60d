from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quantriet import uploads
from quantriet.lib import vntext
from quantriet.orgs.forms import UnitChoiceField

from .models import DeliverableKind, DeliverableStatus, Document, DocumentType
from .services import parse_doc_number

# Word, PDF: what a committee office sends. Checked by name and by the file's first bytes.
UPLOAD_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": (b"PK\x03\x04",),
}


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_upload(f):
    """A .pdf, .doc or .docx file within UPLOAD_MAX_BYTES["attachment"], whose content
    matches its name (quantriet.uploads)."""
    name = f.name.lower()
    ext = next((e for e in UPLOAD_SIGNATURES if name.endswith(e)), None)
    if ext is None:
        raise ValidationError(_("Only .pdf, .doc and .docx files can be attached."))
    limit = uploads.max_bytes("attachment")
    if f.size > limit:
        raise ValidationError(_("The file is too large (%(size)s MB; at most %(max)s MB)."),
                              params={"size": f.size // (1024 * 1024),
                                      "max": limit // (1024 * 1024)})
    head = f.read(8)
    f.seek(0)
    if not head.startswith(UPLOAD_SIGNATURES[ext]):
        raise ValidationError(_("The file's content is not a %(ext)s document."),
                              params={"ext": ext})
    return uploads.check_file(f, "attachment")  # a .docx: a real one, and no zip bomb


def _doc_number(value: str) -> str:
    return str(parse_doc_number(value))


class DocumentFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All"))] + list(DocumentType.choices))


class DocumentForm(forms.Form):
    number = forms.CharField(label=_("Number (like 20-HD/BTGTW)"), max_length=60)
    issued_on = forms.DateField(label=_("Date"), widget=_date_widget())
    issuer_name = forms.CharField(label=_("Issuing body"), max_length=255, required=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("File (.pdf, .doc or .docx)"), required=False,
                           validators=[validate_upload])

    def clean_number(self):
        return _doc_number(self.cleaned_data["number"])


GUIDE_SPLIT = re.compile(r"[,;\n]+")


class CampaignForm(forms.Form):
    code = forms.CharField(label=_("Campaign code"), max_length=50)
    title = forms.CharField(label=_("Title"), max_length=500)
    owner = UnitChoiceField(label=_("Owning unit (code)"))
    roll_date = forms.DateField(label=_("Roll date"), widget=_date_widget())
    starts_on = forms.DateField(label=_("Start"), required=False, widget=_date_widget())
    ends_on = forms.DateField(label=_("End"), required=False, widget=_date_widget())
    resolution_number = forms.CharField(label=_("Resolution studied: number (like 04-NQ/TW)"),
                                        max_length=60)
    resolution_date = forms.DateField(label=_("Resolution studied: date"),
                                      widget=_date_widget())
    resolution_title = forms.CharField(label=_("Resolution studied: title"), max_length=500)
    guides = forms.CharField(
        label=_("Guiding documents: numbers, one per line (like 20-HD/BTGTW)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    audience = forms.CharField(label=_("Audience"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units

    def clean_resolution_number(self):
        parsed = parse_doc_number(self.cleaned_data["resolution_number"])
        if parsed.type_code != DocumentType.NQ:
            raise ValidationError(_("%(number)s is not a resolution (NQ)."),
                                  params={"number": str(parsed)})
        return str(parsed)

    def clean_guides(self):
        """The registered documents the numbers name (the latest year's, if a number was
        reused); each bad or unknown number is named."""
        documents, errors = [], []
        for text in GUIDE_SPLIT.split(self.cleaned_data.get("guides") or ""):
            if not vntext.clean(text):
                continue
            try:
                parsed = parse_doc_number(text)
            except ValidationError as e:
                errors.extend(e.messages)
                continue
            doc = (Document.objects.filter(number=parsed.number, type_code=parsed.type_code,
                                           issuer_code=parsed.issuer)
                   .order_by("-issued_on").first())
            if doc is None:
                errors.append(_("Document %(number)s is not in the registry: register it "
                                "first.") % {"number": str(parsed)})
            elif doc not in documents:
                documents.append(doc)
        if errors:
            raise ValidationError(errors)
        return documents


def _level_label(level: dict) -> str:
    return _("Level %(offset)s below the owner (e.g. %(kind)s; %(units)s units)") % {
        "offset": level["offset"], "kind": level["kind_label"],
        "units": vntext.format_int(level["units"])}


class DeliverableRequireForm(forms.Form):
    kind = forms.ChoiceField(label=_("Deliverable"), choices=DeliverableKind.choices)
    depth = forms.TypedChoiceField(label=_("Owed by the units of"), coerce=int)
    due_on = forms.DateField(label=_("Due date"), widget=_date_widget())

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["depth"].choices = [(lv["depth"], _level_label(lv)) for lv in levels]


class DeliverableFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Deliverable"), required=False,
                             choices=[("", _("All"))] + list(DeliverableKind.choices))
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int,
                                   empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(DeliverableStatus.choices))

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All"))] + [
            (lv["depth"], _("Level %(offset)s (%(kind)s)") % {"offset": lv["offset"],
                                                            "kind": lv["kind_label"]})
            for lv in levels]


class DeliverableReceiveForm(forms.Form):
    received_on = forms.DateField(label=_("Date received"), widget=_date_widget())
    document_number = forms.CharField(label=_("Document number (like 05-KH/ĐU)"),
                                      max_length=60, required=False)
    file = forms.FileField(label=_("Or the file (.pdf, .doc or .docx)"), required=False,
                           validators=[validate_upload])

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_document_number(self):
        value = vntext.clean(self.cleaned_data.get("document_number"))
        return _doc_number(value) if value else ""

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date received cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("document_number") and not data.get("file"):
            raise ValidationError(_("Give the document's number or attach its file."))
        return data
