"""Factories for the media library. Images go through the real upload path
(checks, cleaning) and get their renditions made at once, as after a commit."""

import factory

from media_gallery import library, renditions
from media_gallery.models import Gallery, GalleryItem, Image, MediaStatus, Video

from . import samples


class ImageFactory(factory.django.DjangoModelFactory):
    """A published image from a real JPEG (``data=`` another file; ``renditions=False`` to skip)."""

    class Meta:
        model = Image
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Photo {n}")
    alt_text = factory.LazyAttribute(lambda image: f"What {image.title} shows")
    status = MediaStatus.PUBLISHED

    @classmethod
    def _create(
        cls, model_class, *args, data=None, filename="photo.jpg", renditions=True, **kwargs
    ):
        if data is None:
            data = samples.jpeg(640, 480, seed=cls._meta.next_sequence(), identifying=False)
        image = library.add_image(samples.upload(data, filename), **kwargs)
        if renditions:
            make_renditions(image)
        return image

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


def make_renditions(image):
    renditions.sync(image)
    return Image.objects.prefetch_related("renditions").get(pk=image.pk)


class VideoFactory(factory.django.DjangoModelFactory):
    """A published YouTube video."""

    class Meta:
        model = Video

    title = factory.Sequence(lambda n: f"Video {n}")
    status = MediaStatus.PUBLISHED
    provider = Video.Provider.YOUTUBE
    video_id = factory.Sequence(lambda n: f"vid{n:08d}")
    url = factory.LazyAttribute(lambda video: f"https://youtu.be/{video.video_id}")


class GalleryFactory(factory.django.DjangoModelFactory):
    """A published gallery; ``items=[image_or_video, …]`` adds them in that order."""

    class Meta:
        model = Gallery
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Gallery {n}")
    slug = factory.Sequence(lambda n: f"gallery-{n}")
    status = MediaStatus.PUBLISHED

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        for position, media in enumerate(extracted, start=1):
            field = "image" if isinstance(media, Image) else "video"
            GalleryItem.objects.create(gallery=self, sort_order=10 * position, **{field: media})
