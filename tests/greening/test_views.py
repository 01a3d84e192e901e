"""The landing page: Chinese first, English on request, the letter's figures on screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_landing_page_is_chinese_by_default_even_for_an_english_browser(client, city):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    assert "阳泉市园林绿化管理平台" in body


def test_the_language_switch_turns_the_page_english(client, city):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Yangquan Greening Portal" in body


def test_the_landing_page_shows_the_estate_figures(zh_client, city):
    body = zh_client.get("/").content.decode()
    assert "12" in body  # green spaces registered
    assert "20" in body  # backbone species
    assert "种耐旱骨干树种" in body


def test_the_landing_page_shows_the_letters_commitments(zh_client, city):
    body = zh_client.get("/").content.decode()
    assert "≤ 20 %" in body
    assert "+30%" in body  # 桃河两岸年雨水滞留量, relative to its baseline
    assert "1000000" in body or "1,000,000" in body
    assert "29.97" in body  # 城南公园, ha
    assert "2 × 1000" in body  # 泉西路游园's cisterns, m³
    assert '<span class="value">18</span>' in body  # 桃河公园, km
    assert "个海绵城市公园绿地改建项目" in body


def test_the_landing_page_links_to_the_staff_admin_and_the_api_docs(zh_client, city):
    body = zh_client.get("/").content.decode()
    assert 'href="/admin/"' in body
    assert 'href="/api/docs/"' in body


def test_the_landing_page_works_on_an_empty_database(zh_client):
    assert zh_client.get("/").status_code == 200


def test_the_landing_page_costs_a_handful_of_queries(zh_client, city, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        zh_client.get("/")


def test_only_get_is_allowed_on_the_landing_page(zh_client):
    assert zh_client.post("/").status_code == 405
