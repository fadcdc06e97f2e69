"""The result page, the live endpoint and old WordPress search addresses, over HTTP."""

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

RESULTS = reverse("search:results")


@pytest.fixture
def site(publish):
    rights = CategoryFactory(name="Human Rights", slug="human-rights")
    massacre = CategoryFactory(name="1988 Massacre", slug="1988-massacre", parent=rights, wp_id=12)
    publish(
        title="Protests in Tehran",
        slug="protests-in-tehran",
        body="<p>Students protested in Tehran.</p>",
        categories=[rights],
    )
    publish(
        title="Remembering 1988",
        slug="remembering-1988",
        body="<p>Victims of the massacre.</p>",
        categories=[massacre],
    )
    return {"rights": rights, "massacre": massacre}


def test_empty_page_shows_the_form(client):
    response = client.get(RESULTS)
    assert response.status_code == 200
    html = response.text
    for label in [
        "Exact matches only",
        "Search in title",
        "Search in content",
        "Posts",
        "Pages",
        "Media",
        "Filter by Categories",
    ]:
        assert label in html
    assert "result-count" not in html


def test_results_are_highlighted_and_the_form_keeps_its_state(client, site):
    response = client.get(
        RESULTS, {"q": "protest", "field": "title", "opts": "1", "category": site["rights"].pk}
    )
    assert response.status_code == 200
    html = response.text
    assert "<h1>Search results for “protest”</h1>" in html
    assert "1 result" in html
    assert '<a href="/protests-in-tehran/"><mark>Protests</mark> in Tehran</a>' in html
    assert 'value="protest"' in html
    assert 'name="field" value="title" id="id_field_0" checked' in html
    assert 'name="field" value="content" id="id_field_1">' in html  # unticked stays unticked
    assert f'name="category" value="{site["rights"].pk}"' in html


def test_both_fields_unticked_is_a_form_error(client, site):
    response = client.get(RESULTS, {"q": "protest", "opts": "1"})
    assert response.status_code == 400
    assert "Tick “Search in title”, “Search in content” or both." in response.text


def test_a_plain_link_searches_both_fields(client, site):
    response = client.get(RESULTS, {"q": "students"})
    assert [e.title for e in response.context["results"].entries] == ["Protests in Tehran"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 10_000}, "Please shorten your search to 200 characters (it has 10000)."),
        ({"q": "iran", "category": "99999"}, "There is no category 99999."),
        ({"q": "iran", "category": "abc"}, "“abc” is not a category."),
        ({"q": "iran", "type": "video"}, "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_clear_message(client, site, params, message):
    response = client.get(RESULTS, params)
    assert response.status_code == 400
    assert message in response.text


def test_category_filter_includes_descendants(client, site):
    response = client.get(RESULTS, {"q": "remembering protests", "category": site["rights"].pk})
    assert response.context["results"].total == 0
    response = client.get(RESULTS, {"category": site["rights"].pk})
    assert [e.title for e in response.context["results"].entries] == [
        "Remembering 1988",
        "Protests in Tehran",
    ]


@pytest.mark.parametrize("page", ["abc", "0", "-3", "999999999999999999999"])
def test_any_page_number_is_answered(client, site, page):
    response = client.get(RESULTS, {"q": "tehran", "page": page})
    assert response.status_code == 200
    assert [e.title for e in response.context["results"].entries] == ["Protests in Tehran"]


def test_no_results_suggests_a_correction(client, site):
    response = client.get(RESULTS, {"q": "massacer"})
    assert "No results for “massacer”." in response.text
    assert 'Did you mean <a href="?q=massacre">massacre</a>?' in response.text


def test_query_count_does_not_grow_with_results_shown(
    client, publish, django_assert_max_num_queries
):
    category = CategoryFactory()
    for number in range(20):
        publish(title=f"Rally {number}", categories=[category])
    client.get(RESULTS, {"q": "rally"})  # warm the sidebar widgets' cache
    with django_assert_max_num_queries(12) as few:
        client.get(RESULTS, {"q": "rally 1"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(RESULTS, {"q": "rally"})
    assert len(response.context["results"].entries) == 20


def test_live_endpoint(client, site):
    response = client.get(reverse("search:live"), {"q": "tehran"})
    assert response.json() == {
        "results": [
            {
                "title": "Protests in Tehran",
                "type": "Post",
                "date": response.json()["results"][0]["date"],
                "url": "/protests-in-tehran/",
                "thumbnail": None,
            }
        ]
    }
    assert client.get(reverse("search:live"), {"q": ""}).json() == {"results": []}
    assert client.get(reverse("search:live"), {"q": '"\\'}).json() == {"results": []}


def test_old_wordpress_search_addresses_redirect(client, site):
    response = client.get(
        "/",
        {
            "s": "massacre",
            "asl_gen[]": ["exact", "title", "content"],
            "customset[]": ["post", "attachment", "bogus"],
            "categoryset[]": ["12", "777", "x"],
        },
    )
    assert response.status_code == 301
    assert response["Location"] == (
        f"/search/?q=massacre&exact=1&field=title&field=content&opts=1"
        f"&type=post&type=media&category={site['massacre'].pk}"
    )
    followed = client.get(response["Location"])
    assert [e.title for e in followed.context["results"].entries] == ["Remembering 1988"]
    assert client.get("/", {"s": "tehran"})["Location"] == "/search/?q=tehran"


@pytest.mark.parametrize("value", ["²", "١٢", "1²"])
def test_digits_of_other_scripts_are_not_category_ids(client, site, value):
    """str.isdigit() accepts them and int() does not: a 400, never a 500."""
    assert client.get(RESULTS, {"q": "iran", "category": value}).status_code == 400
    assert client.get("/", {"s": "iran", "categoryset[]": value}).status_code == 301
