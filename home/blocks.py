"""StreamField blocks shared by every page type that has a body."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .video import VideoURLError, parse_video_url

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class ImageWithAltBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    link_label = blocks.CharBlock(label=_("Button text"), max_length=60)
    link_page = blocks.PageChooserBlock(label=_("Link to a page"), required=False)
    link_url = blocks.URLBlock(label=_("Or an external address"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("link_page")) == bool(value.get("link_url")):
            message = _("Choose either a page or an external address.")
            raise StructBlockValidationError(
                block_errors={
                    "link_page": ErrorList([ValidationError(message)]),
                    "link_url": ErrorList([ValidationError(message)]),
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"


class AccordionItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Question or heading"), max_length=200)
    content = blocks.RichTextBlock(label=_("Answer or text"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open one at a time; plain <details>, so no script is needed."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Accordion or FAQ")
        template = "components/blocks/accordion.html"


class DocumentItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )


class DocumentListBlock(blocks.StructBlock):
    """Downloads such as the slides after a seminar, with file type and size shown."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    documents = blocks.ListBlock(DocumentItemBlock(), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "components/blocks/document_list.html"


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video that loads nothing from the provider until the reader asks for it."""

    url = blocks.URLBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo link."))
    title = blocks.CharBlock(
        label=_("Title"), max_length=200, help_text=_("Names the video for screen readers and in the link.")
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript or description"), required=False, features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_video_url(value.get("url") or "")
        except VideoURLError as error:
            raise StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError(str(error))])}
            ) from error
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        try:
            context["video"] = parse_video_url(value["url"])
        except VideoURLError:
            context["video"] = None
        return context


class BodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageWithAltBlock()
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    accordion = AccordionBlock()
    documents = DocumentListBlock()
    video = VideoBlock()

    class Meta:
        template = "components/blocks/body.html"
