from lib.label_placement import place_labels


def test_labels_of_close_points_go_to_free_sides_and_those_without_room_are_left_out():
    # Two points 30 px apart, then a tight 5 x 5 grid elsewhere: labels 58 px wide cannot all fit there.
    places = place_labels([(0, 0), (30, 0)], ["AAAAAAAA"] * 2, [10] * 2, px_per_x=1, px_per_y=1)
    assert places == ["top center", "bottom center"]  # the first keeps its first choice; the second takes another
    grid = [(500 + 15 * i, 500 + 15 * j) for i in range(5) for j in range(5)]
    places = place_labels(grid, ["AAAAAAAA"] * 25, [10] * 25, px_per_x=1, px_per_y=1)
    assert places[0] is not None and None in places


def test_a_label_never_covers_another_point():
    places = place_labels([(0, 0), (0, 20)], ["DGSI", "DGSN"], [12, 12], px_per_x=1, px_per_y=1)
    assert places[0] != "top center"  # DGSN sits right above DGSI
    assert places == place_labels([(0, 0), (0, 20)], ["DGSI", "DGSN"], [12, 12], px_per_x=1, px_per_y=1)


def test_far_apart_points_keep_their_preferred_places():
    places = place_labels([(0, 0), (500, 500)], ["Europol", "Eurojust"], [20, 20], px_per_x=1, px_per_y=1,
                          preferred=["bottom center", "top center"])
    assert places == ["bottom center", "top center"]
