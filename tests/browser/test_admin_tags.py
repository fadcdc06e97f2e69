"""An editor typing a tag in the admin is offered the existing ones."""

import pytest

from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tag_suggestions_while_typing(live_server, page):
    PostFactory(tags=["Paris", "Parliament", "Berlin"])
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    page.goto(live_server.url + "/admin/login/?next=/admin/posts/post/add/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/posts/post/add/")

    tags = page.locator("#id_tags")
    tags.fill("Berlin, par")
    options = page.locator("#id_tags-suggestions option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("nodes => nodes.map(n => n.value)") == [
        "Berlin, Paris",
        "Berlin, Parliament",
    ]
