"""The register's daily work in flight for `cancuoc demo`, done by the demo officers through the
same services as the pages: DC01 forms collected and checked (phúc tra) in part, DC02
corrections at every step, births, a death, moves between the two demo communes, temporary
residences (one ending soon), an absence, and a people list imported with refused rows.

Deterministic for a seed; runs once, on the demo's first start (`seed_activity` does nothing
when DC01 forms already exist).
"""

from __future__ import annotations

import csv
import datetime as dt
import random

from cancuoc.accounts.actor import Actor
from cancuoc.accounts.models import User
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.imports.services import create_import_job, run_import_job, storage_dir
from cancuoc.registry.models import Person
from cancuoc.registry.workflows.collection import (
    record_collection,
    return_collection,
    verify_collection,
)
from cancuoc.registry.workflows.corrections import (
    apply_correction,
    approve_correction,
    reject_correction,
    submit_correction,
)
from cancuoc.registry.workflows.events import (
    Birth,
    move_permanent_residence,
    record_death,
    register_birth,
)
from cancuoc.registry.workflows.models import Collection
from cancuoc.registry.workflows.residence_events import (
    declare_absence,
    register_temporary_residence,
)
from cancuoc.rules.idnumber import Sex, generate_id_number

# Share of the first commune's living people with a DC01 form, and of those checked (phúc
# tra): a campaign under way (Kế hoạch 179: 100% by its deadline).
COLLECTED_SHARE, VERIFIED_SHARE, RETURNED_SHARE = 0.2, 0.7, 0.02
COLLECTED_SHARE_2 = 0.05  # the second commune has just started
MAX_FORMS = 2500  # forms per commune: about 7 s of services on the development VM
BABIES = ("Nguyễn Minh Khang", "Trần Bảo Ngọc", "Lê Gia Huy")


def seed_activity(units: dict, *, today: dt.date, seed: int = 2024) -> dict[str, int]:
    """Do the demo's work in flight; return how many of each thing were done."""
    if Collection.objects.exists():
        return {}
    rng = random.Random(seed)
    officer, head, officer2 = (_actor(n) for n in ("canbo.xa", "truong.xa", "canbo.xa2"))
    commune, commune2 = units["commune"], units["commune2"]
    done: dict[str, int] = {}
    done |= _collections(commune, officer, head, COLLECTED_SHARE, rng, today)
    if commune2 != commune:
        part = _collections(commune2, officer2, None, COLLECTED_SHARE_2, rng, today)
        done["dc01_collected"] += part["dc01_collected"]
    done |= _corrections(commune, officer, head, rng)
    done |= _events(commune, commune2, officer, rng, today)
    done |= _imported_list(commune, officer, today)
    return done


def _actor(username: str) -> Actor:
    return Actor.for_user(User.objects.get(username=username))


def _alive(unit):
    return Person.objects.filter(unit=unit, status=Person.Status.ALIVE)


def _collections(unit, collector, checker, share, rng, today) -> dict[str, int]:
    people = list(_alive(unit).order_by("pk"))
    chosen = rng.sample(people, min(MAX_FORMS, int(len(people) * share)))
    forms = []
    for person in chosen:
        declared = {"full_name": person.full_name, "birth_date": str(person.birth),
                    "sex": person.get_sex_display()}  # fmt: skip
        if rng.random() < 0.04:  # the family gives a number the register does not have
            declared["phone"] = f"09{rng.randrange(10**8):08d}"
        forms.append(record_collection(
            person, unit=unit, declared=declared, collected_on=today - dt.timedelta(rng.randint(1, 40)),
            source=rng.choice((Collection.Source.DIRECT, Collection.Source.HOUSEHOLD_BOOK)),
            actor=collector,
        ))  # fmt: skip
    verified = returned = 0
    for form in forms if checker else ():
        draw = rng.random()
        if draw < RETURNED_SHARE:
            return_collection(
                form, note="Ngày sinh khác giấy khai sinh: kê khai lại", actor=checker
            )
            returned += 1
        elif draw < VERIFIED_SHARE:
            verify_collection(form, actor=checker)
            verified += 1
    return {"dc01_collected": len(forms), "dc01_verified": verified, "dc01_returned": returned}


def _corrections(unit, officer, head, rng) -> dict[str, int]:
    people = list(_alive(unit).exclude(hometown="Xã Long Tân, Đồng Nai").order_by("pk")[:400])
    requests = []
    for n, person in enumerate(rng.sample(people, min(8, len(people)))):
        changes = [("hometown", "Xã Long Tân, Đồng Nai")]
        if n % 2:
            changes.append(("phone", f"09{rng.randrange(10**8):08d}"))
        requests.append(submit_correction(
            person, changes=changes, document_ref=f"Giấy khai sinh số {100 + n}/2026",
            reason="Sai quê quán so với giấy khai sinh", actor=officer,
        ))  # fmt: skip
    # 2 applied, 1 approved and waiting to be applied, 1 rejected, the rest waiting for review
    for request in requests[:3]:
        approve_correction(request, actor=head, note="Đúng giấy tờ")
    for request in requests[:2]:
        apply_correction(request, actor=head)
    for request in requests[3:4]:
        reject_correction(request, reason="Giấy tờ căn cứ không hợp lệ", actor=head)
    return {"dc02_submitted": len(requests), "dc02_applied": len(requests[:2])}


def _events(unit, unit2, officer, rng, today) -> dict[str, int]:
    done = dict.fromkeys(("births", "deaths", "moves", "temporary", "absences"), 0)
    mothers = _alive(unit).filter(sex="female", household__isnull=False,
                                  birth_date__range=(_years_ago(today, 38), _years_ago(today, 22)))  # fmt: skip
    for name, mother in zip(BABIES, mothers.order_by("pk")[:3], strict=False):
        born = today - dt.timedelta(rng.randint(3, 25))
        sex = "female" if name == BABIES[1] else "male"
        _try(done, "births", register_birth, mother,
             birth=Birth(full_name=name, birth_date=born, sex=sex), actor=officer)  # fmt: skip
    oldest = _alive(unit).filter(birth_date__lt=_years_ago(today, 88)).order_by("birth_date")
    if person := oldest.first():
        _try(done, "deaths", record_death, person, death_date=today - dt.timedelta(6),
             actor=officer, document_ref="Trích lục khai tử số 15/2026")  # fmt: skip
    adults = _alive(unit).filter(birth_date__range=(_years_ago(today, 45), _years_ago(today, 20)))
    if unit2 != unit:
        for person in adults.order_by("-pk")[:2]:
            _try(done, "moves", move_permanent_residence, person, to_unit=unit2,
                 address="Tổ 3, ấp Bến Cam", moved_on=today - dt.timedelta(9), actor=officer)  # fmt: skip
        # terms of 2 years (Luật Cư trú Điều 27 k3) started 23, 8 and 1 months ago: the first
        # one ends within the month
        for days, person in zip((690, 240, 30), _alive(unit2).order_by("pk")[:3], strict=False):
            started = today - dt.timedelta(days=days)
            _try(done, "temporary", register_temporary_residence, person, unit=unit,
                 address="Phòng trọ số 4, khu công nghiệp Nhơn Trạch", started_on=started,
                 expires_on=started + dt.timedelta(days=720), actor=officer)  # fmt: skip
    if person := adults.order_by("pk").first():
        _try(done, "absences", declare_absence, person, starts_on=today - dt.timedelta(20),
             ends_on=today + dt.timedelta(70), destination="Thành phố Hồ Chí Minh",
             reason="Đi làm ăn xa", actor=officer)  # fmt: skip
    return done


def _try(done: dict, key: str, service, *args, **kwargs) -> None:
    """Run a service; a person the rules refuse (already away, say) is skipped, not forced."""
    try:
        service(*args, **kwargs)
    except RegistryError:
        return
    done[key] += 1


def _years_ago(today: dt.date, years: int) -> dt.date:
    return today.replace(year=today.year - years, day=min(today.day, 28))


SURNAMES = ("Phan", "Võ", "Đặng", "Bùi", "Hồ", "Dương")
GIVEN = ("Tài", "Hạnh", "Bảo", "Thu", "Lợi", "Nga", "Khoa", "Yến", "Phát", "Trinh")


def _imported_list(unit, officer, today) -> dict[str, int]:
    """A list of new residents sent by a ward head, with three rows an officer must correct."""
    header = ["Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân",
              "Mã xã thường trú", "Nơi thường trú"]  # fmt: skip
    rows = []
    for n in range(30):
        year, female = 1970 + n, n % 2 == 1
        number = generate_id_number(place_code="075", sex=Sex.FEMALE if female else Sex.MALE,
                                    birth_year=year, serial_int=900_000 + n)  # fmt: skip
        name = f"{SURNAMES[n % 6]} {'Thị' if female else 'Văn'} {GIVEN[n % 10]}"
        rows.append([name, f"{1 + n % 28:02d}/{1 + n % 12:02d}/{year}", "Nữ" if female else "Nam",
                     number, unit.code, f"Tổ {n % 7 + 1}, khu phố 4"])  # fmt: skip
    rows[4][1] = "31/02/1985"  # no such day
    rows[11][3] = rows[11][3][:11]  # a digit short
    rows[19][4] = "99999"  # no such commune
    path = storage_dir() / "danh-sach-moi-den-khu-pho-4.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    user = User.objects.get(pk=officer.user_id)
    job, _ = create_import_job(path, actor=officer, source_name=path.name, unit=unit, user=user)
    job = run_import_job(job, on=today)
    return {"import_rows": job.rows_imported, "import_refused": job.rows_invalid}
