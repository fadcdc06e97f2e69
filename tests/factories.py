"""Factories for the content model, used by every test module."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from posts.models import Category, Post


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Writer {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post, dated a day ago unless told otherwise."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    kind = Post.Kind.POST
    title = factory.Sequence(lambda n: f"Post number {n}")
    body = "<p>Body of the post.</p>"
    author = factory.SubFactory(UserFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class PageFactory(PostFactory):
    kind = Post.Kind.PAGE
    title = factory.Sequence(lambda n: f"Page number {n}")
