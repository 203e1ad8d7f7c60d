from quantriet.accounts.models import AuditEntry
from quantriet.orgs.models import Unit


def test_it_shows_the_tree_roots_with_subtree_counts(province, client_for):
    body = client_for(province.admin).get("/units/").content.decode()
    assert "Đảng bộ tỉnh Tiền Giang" in body
    # 7 members in the whole province, 1 of them exempt.
    assert ">7</a>" in body


def test_it_starts_a_district_officer_at_their_district(province, client_for):
    response = client_for(province.officer_h01).get("/units/")
    body = response.content.decode()
    assert "Đảng bộ huyện Cái Bè" in body
    assert ">5</a>" in body
    assert "Châu Thành" not in body
    assert "Tiền Giang" not in body


def test_it_expands_children_in_place(province, client_for):
    response = client_for(province.officer_h01).get("/units/H01-X01/children/",
                                                    HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Chi bộ ấp 1" in body and "Chi bộ ấp 2" in body
    assert "<html" not in body


def test_it_shows_a_unit_with_its_children(province, client_for):
    body = client_for(province.officer_h01).get("/units/H01-X01/").content.decode()
    assert "Chi bộ ấp 1" in body
    assert "Đảng bộ huyện Cái Bè" in body  # breadcrumb


def test_it_hides_ancestors_above_the_users_roles_in_breadcrumbs(province, client_for):
    body = client_for(province.secretary_c1).get("/units/H01-X01-C01/").content.decode()
    assert "Cái Bè" not in body


def test_it_gives_an_outsider_404_for_every_unit_page(province, client_for):
    client = client_for(province.outsider)
    for path in ["/units/H01/", "/units/H01-X01/children/"]:
        assert client.get(path).status_code == 404
    for path in ["/units/H01/move/", "/units/H01/active/", "/units/H01/create-child/"]:
        assert client.post(path, {"new_parent": "H02"}).status_code == 404
    assert Unit.objects.get(code="H01").parent_id == province.t01.pk


def test_it_refuses_the_tree_to_a_plain_member(province, client_for):
    assert client_for(province.member_c1).get("/units/").status_code == 403
    assert client_for(province.member_c1).get("/units/H01-X01-C01/").status_code == 403


def test_it_lets_an_inspector_read_but_not_change(province, client_for):
    client = client_for(province.inspector_h01)
    assert client.get("/units/H01-X01/").status_code == 200
    assert client.post("/units/H01-X01-C02/active/", {"active": "0"}).status_code == 404


def test_it_creates_a_child_unit_with_an_audit_entry(province, client_for):
    response = client_for(province.officer_h01).post(
        "/units/H01-X01/create-child/", {"code": "H01-X01-C03", "name": "Chi bộ ấp 3",
                                         "kind": "cell"})
    assert response.status_code == 302
    unit = Unit.objects.get(code="H01-X01-C03")
    assert unit.path == province.h01x01.path + Unit.segment(unit.pk)
    entry = AuditEntry.objects.get(action="unit.create", object_id=str(unit.pk))
    assert entry.actor == province.officer_h01


def test_it_moves_a_subtree_within_the_officers_scope(province, client_for):
    client = client_for(province.admin)
    response = client.post("/units/H01-X01/move/", {"new_parent": "H02"})
    assert response.status_code == 302
    province.c1.refresh_from_db()
    assert province.c1.path.startswith(province.h02.path)
    assert province.c1.depth == 3


def test_it_refuses_to_move_a_unit_under_its_own_descendant(province, client_for):
    client = client_for(province.admin)
    client.post("/units/H01/move/", {"new_parent": "H01-X01-C01"}, follow=True)
    province.h01.refresh_from_db()
    assert province.h01.parent_id == province.t01.pk


def test_it_refuses_a_move_by_an_officer_who_does_not_hold_the_parent(province, client_for):
    # The cell secretary holds C1 but not its parent: the move is the commune's decision.
    response = client_for(province.secretary_c1).post(
        "/units/H01-X01-C01/move/", {"new_parent": "H01-X01-C01"})
    assert response.status_code == 404


def test_it_refuses_to_deactivate_a_unit_with_members(province, client_for):
    client_for(province.officer_h01).post("/units/H01-X01-C01/active/", {"active": "0"})
    province.c1.refresh_from_db()
    assert province.c1.active


def test_it_deactivates_an_empty_unit_and_keeps_it(province, client_for):
    client = client_for(province.officer_h01)
    client.post("/units/H01-X01/create-child/", {"code": "X9", "name": "Chi bộ tạm",
                                                 "kind": "cell"})
    client.post("/units/X9/active/", {"active": "0"})
    unit = Unit.objects.get(code="X9")
    assert not unit.active and unit.deactivated_on is not None


def test_it_exports_only_the_visible_units(province, client_for):
    response = client_for(province.officer_h01).get("/units/export/?format=csv")
    body = response.content.decode("utf-8-sig")
    assert "H01-X01-C01" in body
    assert "H02" not in body
    assert client_for(province.outsider).get("/units/export/?unit=H01").status_code == 404


def test_it_writes_counts_the_vietnamese_way(province, client_for, monkeypatch):
    from quantriet.orgs import selectors

    real = selectors.subtree_member_counts

    def inflated(units):
        return {pk: {"members": c["members"] + 28022, "exempt": c["exempt"]}
                for pk, c in real(units).items()}

    monkeypatch.setattr(selectors, "subtree_member_counts", inflated)
    body = client_for(province.admin).get("/units/").content.decode()
    assert ">28.029</a>" in body


def test_it_finds_units_by_name_without_accents_within_scope(province, client_for):
    client = client_for(province.officer_h01)
    response = client.get("/units/", {"q": "chi bo ap"})
    assert [u.code for u in response.context["units"]] == ["H01-X01-C01", "H01-X01-C02"]
    assert [u.code for u in client.get("/units/", {"q": "H01-X01"}).context["units"]] == [
        "H01-X01"]
    # "Long Hòa" is in another district.
    assert client.get("/units/", {"q": "long hoa"}).context["units"] == []
    assert "Long Hòa" not in client.get("/units/", {"q": "long hoa"}).content.decode()


def test_it_counts_children_and_members_in_a_fixed_number_of_queries(
        province, client_for, django_assert_max_num_queries):
    from quantriet.orgs.services import unit_create

    client = client_for(province.admin)
    with django_assert_max_num_queries(9):  # + the inbox badge's COUNT
        response = client.get("/units/H01-X01/")
    assert [(u.code, u.member_count, u.child_count) for u in response.context["children"]] == [
        ("H01-X01-C01", 3, 0), ("H01-X01-C02", 2, 0)]
    for i in range(5):
        unit_create(actor=None, code=f"H01-X01-N{i}", name=f"Chi bộ mới {i}",
                    parent=province.h01x01)
    with django_assert_max_num_queries(9):  # the same number with 7 children as with 2
        response = client.get("/units/H01-X01/")
    assert len(response.context["children"]) == 7
