"""Centers fixtures: a center in Kerman and one in Zanjan, registered by their provinces."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.centers.tests.factories import register_center


@pytest.fixture
def kerman_center(world: Any) -> Any:
    return register_center(
        world.kerman_manager,
        world.unit("C0801"),
        name_fa="مرکز توانبخشی امید کرمان",
        name_en="Omid Rehabilitation Center, Kerman",
    )


@pytest.fixture
def zanjan_center(world: Any) -> Any:
    return register_center(
        world.zanjan_manager,
        world.unit("C1901"),
        name_fa="خانه سالمندان مهر زنجان",
        name_en="Mehr Elderly Care Home, Zanjan",
        licence_type="elderly_care",
        care_mode="residential",
    )


@pytest.fixture
def nursery(world: Any) -> Any:
    """The Kerman infant nursery: the world's unit K0801, where the center operator works."""
    from chatr.centers import services
    from chatr.centers.tests.factories import center_data
    from chatr.org.scope import scope_for_user

    return services.center_register(
        actor=world.kerman_manager,
        scope=scope_for_user(world.kerman_manager),
        county=world.unit("C0801"),
        data=center_data(
            name_fa="شیرخوارگاه کرمان",
            name_en="Kerman Infant Nursery",
            licence_type="childrens_home",
            ownership="state",
            care_mode="residential",
        ),
        org_unit=world.unit("K0801"),
    )
