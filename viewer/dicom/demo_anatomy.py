"""The demo study's anatomy, drawn by code: the CT phantom (one axial slice at a time, in HU) and the MR head
volume. Sizes and spacing here are the series' own; ``dicom.demo`` wraps the pixels in DICOM headers and writes
the files. Deterministic: the same inputs give the same pixels.
"""

from __future__ import annotations

import math

import numpy as np

CT_SLICES = 250
CT_SIZE = 512
CT_PIXEL = 0.703125  # 360 mm field of view
CT_STEP = 2.0  # slice spacing = thickness, mm
TABLE_Y = 128.0  # mm below the image centre (anterior-posterior axis)
MR_SLICES = 24
MR_SIZE = 256
MR_PIXEL = 0.9375  # 240 mm field of view
MR_STEP = 5.0  # 4 mm slices with a 1 mm gap


# --------------------------------------------------------------------------------------------- CT phantom


def _smooth(s: float, keys: list[tuple[float, float]]) -> float:
    xs, ys = zip(*keys)
    return float(np.interp(s, xs, ys))


def _section(s: float, center: float, half: float) -> float:
    """Cross-section scale of an ellipsoid along z: 1 at its centre, 0 outside."""
    t = (s - center) / half
    return math.sqrt(1.0 - t * t) if abs(t) < 1.0 else 0.0


class _Canvas:
    """An HU image with mm coordinates (LPS x to the right of the image, y downwards) and cheap shapes:
    every shape touches only its bounding box, which keeps a slice at a few milliseconds."""

    def __init__(self, size: int, pixel: float, fill: int, y_shift: float = 0.0) -> None:
        self.size = size
        self.pixel = pixel
        self.origin = -(size / 2.0 - 0.5) * pixel  # centre of pixel 0, so that x=0 is the image centre
        self.coords = self.origin + pixel * np.arange(size, dtype=np.float32)
        # Anatomy is drawn around the body centre; y_shift moves it so the back rests on the table.
        self.ycoords = self.coords - np.float32(y_shift)
        self.y_shift = y_shift
        self.img = np.full((size, size), fill, dtype=np.int16)

    def _box(self, cx: float, cy: float, r: float) -> tuple[slice, slice] | None:
        j0 = max(int((cx - r - self.origin) / self.pixel), 0)
        j1 = min(int((cx + r - self.origin) / self.pixel) + 2, self.size)
        i0 = max(int((cy + self.y_shift - r - self.origin) / self.pixel), 0)
        i1 = min(int((cy + self.y_shift + r - self.origin) / self.pixel) + 2, self.size)
        if j1 <= j0 or i1 <= i0:
            return None
        return slice(i0, i1), slice(j0, j1)

    def ellipse_mask(self, cx: float, cy: float, a: float, b: float, angle: float = 0.0):
        if a <= 0 or b <= 0:
            return None, None
        box = self._box(cx, cy, max(a, b))
        if box is None:
            return None, None
        x = self.coords[box[1]] - cx
        y = self.ycoords[box[0]] - cy
        if angle == 0.0:
            m = (x * x)[None, :] * (1.0 / (a * a)) + (y * y)[:, None] * (1.0 / (b * b)) <= 1.0
        else:
            c, s = math.cos(angle), math.sin(angle)
            u = x[None, :] * c + y[:, None] * s
            v = -x[None, :] * s + y[:, None] * c
            m = u * u * (1.0 / (a * a)) + v * v * (1.0 / (b * b)) <= 1.0
        return box, m

    def ellipse(self, cx: float, cy: float, a: float, b: float, value: int, angle: float = 0.0, where=None) -> None:
        box, m = self.ellipse_mask(cx, cy, a, b, angle)
        if box is None:
            return
        sub = self.img[box]
        if where is not None:
            m &= where[box]
        np.copyto(sub, np.int16(value), where=m)

    def bone(self, cx: float, cy: float, a: float, b: float, cortex: float = 2.0, angle: float = 0.0,
             cortical: int = 1000, marrow: int = 260) -> None:
        self.ellipse(cx, cy, a, b, cortical, angle)
        self.ellipse(cx, cy, a - cortex, b - cortex, marrow, angle)


def ct_slice(s: float, noise: np.ndarray, rng_offsets: tuple[int, int]) -> np.ndarray:
    """One axial slice at height s (mm above the bottom of the scanned range; 0 = iliac crests,
    500 = base of the neck), in HU."""
    chest = 250.0 <= s <= 470.0

    # Body outline: abdomen, then a wider thorax, shoulders, then the neck.
    a = _smooth(s, [(0, 158), (150, 150), (250, 160), (330, 168), (420, 170), (450, 182), (470, 160), (480, 75), (500, 62)])
    b = _smooth(s, [(0, 118), (150, 112), (250, 118), (330, 122), (420, 112), (450, 100), (470, 85), (480, 62), (500, 58)])
    fat = _smooth(s, [(0, 22), (200, 16), (300, 11), (450, 9), (480, 6), (500, 5)])
    cv = _Canvas(CT_SIZE, CT_PIXEL, -1000, y_shift=min(TABLE_Y - 1.0 - b, 30.0))
    cv.ellipse(0, 0, a, b, -105)  # subcutaneous fat
    cv.ellipse(0, 0, a - fat, b - fat, 45)  # muscle wall
    wall = fat + (9 if s < 470 else 6)
    ia, ib = a - wall, b - wall  # inner cavity
    inner_box, inner = cv.ellipse_mask(0, 0, ia, ib)
    cavity = np.zeros_like(cv.img, dtype=bool)
    if inner_box is not None:
        cavity[inner_box] = inner
    if s < 250:
        cv.ellipse(0, 0, ia, ib, -90)  # abdominal cavity: mesenteric/retroperitoneal fat first
    elif s < 470:
        cv.ellipse(0, 0, ia, ib, 30)  # thoracic cavity: mediastinum by default
    else:
        cv.ellipse(0, 0, ia, ib, 40)

    spine_y = b * 0.52
    # Lungs: domes over the liver (right higher), apices tapering at the top.
    if chest:
        for side in (-1, 1):
            base = 262.0 if side < 0 else 252.0  # right dome higher
            top = 472.0
            t = (s - base) / (top - base)
            if 0 < t < 1:
                scale = math.sqrt(min(t / 0.22, 1.0)) * (1.0 if t < 0.7 else math.sqrt(max((1 - t) / 0.3, 0.0)))
                la, lb = ia * 0.46 * scale, ib * 0.86 * (0.5 + 0.5 * scale)
                lcx = side * ia * 0.47
                lcy = -ib * 0.02
                box, m = cv.ellipse_mask(lcx, lcy, la, lb)
                if box is not None:
                    # Keep the mediastinum free: no lung within 30 mm of the midline anteriorly.
                    xs = cv.coords[box[1]][None, :]
                    ys = cv.ycoords[box[0]][:, None]
                    m &= (np.abs(xs) > 22 + 0.12 * np.maximum(-ys, 0)) & cavity[box]
                    np.copyto(cv.img[box], np.int16(-860), where=m)
                    # Pulmonary vessels: a deterministic sprinkle, denser near the hilum.
                    vr = np.random.default_rng(int(s * 10) + (7 if side > 0 else 3))
                    for _ in range(26):
                        rr = math.sqrt(vr.random())
                        ang = vr.random() * 2 * math.pi
                        vx = lcx + rr * la * 0.85 * math.cos(ang)
                        vy = lcy + rr * lb * 0.85 * math.sin(ang)
                        rad = 1.0 + 3.2 * (1 - rr) * vr.random()
                        vbox, vm = cv.ellipse_mask(vx, vy, rad, rad)
                        if vbox is not None:
                            np.copyto(cv.img[vbox], np.int16(35), where=vm & (cv.img[vbox] == -860))

    # Heart with pericardial fat, great vessels.
    h = _section(s, 318, 55)
    if h > 0:
        cv.ellipse(18, -28, 62 * h + 4, 50 * h + 4, -80, angle=-0.5)  # epicardial fat
        cv.ellipse(18, -28, 62 * h, 50 * h, 42, angle=-0.5)
        cv.ellipse(30, -22, 22 * h, 18 * h, 38, angle=-0.5)  # left ventricle cavity, slightly lower density
    if 300 <= s <= 415:  # ascending aorta and pulmonary trunk
        cv.ellipse(-12, -30, 15, 15, 45)
        if s < 365:
            cv.ellipse(12, -42, 13, 13, 42)
    if 405 <= s <= 428:  # aortic arch running front to back
        cv.ellipse(0, -4, 14, 38, 45, angle=-0.35)
    # Descending aorta (left of the spine), then abdominal aorta in front of it; IVC on the right.
    if s <= 415:
        ax = 20 if s > 200 else 10
        ay = spine_y - 34 if s > 200 else spine_y - 38
        cv.ellipse(ax, ay, 12.5, 12.5, 45)
        cv.ellipse(ax - 1.5, ay + 1.0, 11.0, 11.0, 42)
    if 60 <= s <= 300:
        cv.ellipse(-24, spine_y - 36, 13, 10, 40)
    # Trachea, bifurcation, main bronchi; oesophagus behind.
    if s >= 380:
        cv.ellipse(0, spine_y - 52 if s < 470 else -10, 10, 9, 40)
        cv.ellipse(0, spine_y - 52 if s < 470 else -10, 8, 7, -1000)
    elif s >= 360:
        off = (380 - s) * 1.4
        for side in (-1, 1):
            cv.ellipse(side * (6 + off), spine_y - 52, 6.5, 6, 40)
            cv.ellipse(side * (6 + off), spine_y - 52, 4.8, 4.5, -1000)
    if s >= 240:
        cv.ellipse(4, spine_y - 32 if s < 470 else 8, 7, 6, 38)

    # Abdominal organs.
    lv = _section(s, 225, 70)
    if lv > 0:
        la, lb = 95 * lv, 95 * lv
        # Large sections fill the right flank; the small dome sits under the middle of the right lung.
        lcx = (-ia + 0.95 * la) * lv + (-0.5 * ia) * (1 - lv)
        cv.ellipse(lcx, -8, la, lb * 0.95, 62, where=cavity)  # liver, patient's right
        cv.ellipse(-ia * 0.55, 30, 14 * lv, 10 * lv, -85, where=cavity)  # fissure fat
        g = _section(s, 185, 18)
        if g > 0:
            cv.ellipse(-40, -40, 18 * g, 13 * g, 8, where=cavity)  # gallbladder
    sp = _section(s, 228, 38)
    if sp > 0:
        cv.ellipse(ia * 0.62, spine_y * 0.55, 38 * sp, 24 * sp, 46, angle=0.7, where=cavity)  # spleen
    st = _section(s, 245, 45)
    if st > 0:
        sx, sy, sa, sb = ia * 0.30, -ib * 0.30, 48 * st, 36 * st
        cv.ellipse(sx, sy, sa + 4, sb + 4, 48, where=cavity)  # gastric wall
        cv.ellipse(sx, sy, sa, sb, 12, where=cavity)  # fluid
        box, m = cv.ellipse_mask(sx, sy, sa, sb)
        if box is not None:  # supine air-fluid level: air rises anteriorly (towards negative y)
            ys = cv.ycoords[box[0]][:, None]
            np.copyto(cv.img[box], np.int16(-1000), where=m & (ys < sy - sb * 0.25) & cavity[box])
    pc = _section(s, 185, 16)
    if pc > 0:
        cv.ellipse(12, spine_y - 58, 60 * pc, 12 * pc, 40, angle=-0.25, where=cavity)  # pancreas
    for side in (-1, 1):
        k = _section(s, 115 if side < 0 else 125, 60)
        if k > 0:
            kx, ky = side * 62, spine_y - 4
            cv.ellipse(kx, ky, 30 * k, 22 * k, 32, angle=side * 0.45)  # kidney
            cv.ellipse(kx - side * 6, ky - 3, 11 * k, 7 * k, -70, angle=side * 0.45)  # sinus fat
        ps = max(0.0, min(1.0, (150 - s) / 130))
        if ps > 0:
            cv.ellipse(side * (26 + 10 * ps), spine_y + 2, 9 + 15 * ps, 9 + 11 * ps, 48)  # psoas
    if s < 175:  # bowel loops: gas or fluid, with walls, in the fat
        br = np.random.default_rng(int(s // 12) + 101)
        for _ in range(14):
            bx = (br.random() - 0.5) * 1.4 * ia
            by = (br.random() - 0.75) * 1.1 * ib
            r = 9 + 9 * br.random()
            gas = br.random() < 0.45
            cv.ellipse(bx, by, r + 2.5, r + 2.5, 40, where=cavity & (cv.img == -90))
            cv.ellipse(bx, by, r, r, -1000 if gas else 15, where=cavity)
    if s < 45:  # iliac wings
        w = 1.0 - s / 45
        for side in (-1, 1):
            cv.bone(side * (ia * 0.72), spine_y - 8, 16 + 22 * w, 7, cortex=2.5, angle=side * 0.9, marrow=240)

    # Spine: vertebral bodies with cortical rim, discs every 30 mm, canal, posterior elements.
    level = (s + 7.0) % 30.0
    disc = level < 6.0
    vr_ = _smooth(s, [(0, 24), (250, 20), (470, 15), (500, 13)])
    if disc:
        cv.ellipse(0, spine_y, vr_, vr_ * 0.8, 85)
    else:
        cv.bone(0, spine_y, vr_, vr_ * 0.8, cortex=2.2, cortical=900, marrow=240)
    canal_y = spine_y + vr_ * 0.8 + 8
    cv.bone(0, canal_y + 2, 15, 13, cortex=4.0, cortical=750, marrow=750)  # neural arch
    cv.ellipse(0, canal_y, 8.5, 7.5, 12)  # spinal canal (CSF/cord)
    if not disc:
        cv.bone(0, canal_y + 24, 5, 14, cortex=1.8, cortical=800, marrow=300)  # spinous process
        for side in (-1, 1):  # transverse processes
            cv.bone(side * 22, canal_y - 2, 11, 4.5, cortex=1.5, angle=side * 0.25, cortical=800, marrow=300)

    # Ribs: oblique bands cut into elliptical sections along the chest wall, every ~24 mm.
    if 230 <= s <= 468:
        ra, rb = a - fat - 4, b - fat - 4
        for k in range(-15, 16):
            if abs(k) < 2:
                continue  # the posterior midline belongs to the spine
            theta = math.pi / 2 + k * 0.16  # around the chest wall from the back (pi/2), both ways
            phase = (s + 6.5 * abs(k)) % 24.0  # ribs slope downwards as they run forwards
            if phase > 11.0 or (abs(k) >= 13 and s < 330):
                continue  # lower ribs do not reach the front
            rx, ry = -ra * math.cos(theta), rb * math.sin(theta)
            tangent = math.atan2(rb * math.cos(theta), ra * math.sin(theta))
            if abs(k) >= 12:  # costal cartilage towards the sternum
                cv.ellipse(rx, ry, 9, 5, 150, angle=tangent)
            else:
                cv.bone(rx, ry, 11, 5.5, cortex=1.6, angle=tangent, cortical=850, marrow=280)
        if 290 <= s <= 430:
            cv.bone(0, -(b - fat - 6), 16, 6, cortex=1.8, cortical=750, marrow=250)  # sternum
    if 380 <= s <= 470:
        for side in (-1, 1):  # scapulae
            cv.bone(side * (a * 0.62), b * 0.62, 42, 4.5, cortex=1.5, angle=-side * 0.45, cortical=700, marrow=350)
    if 455 <= s <= 480:
        for side in (-1, 1):  # clavicles / humeral heads region
            cv.bone(side * (a * 0.72), -b * 0.2, 13, 12, cortex=2.5, cortical=850, marrow=300)

    # The table under the patient (carbon fibre tray with a foam core).
    top = int((TABLE_Y - cv.origin) / cv.pixel)
    cv.img[top: top + 4, 40:472] = 180
    cv.img[top + 4: top + 16, 40:472] = -850
    cv.img[top + 16: top + 19, 60:452] = 180

    oy, ox = rng_offsets
    img = cv.img
    img += noise[oy: oy + CT_SIZE, ox: ox + CT_SIZE]
    np.maximum(img, -1024, out=img)
    img += 1024  # stored = HU + 1024, Rescale Intercept -1024
    return img


# --------------------------------------------------------------------------------------------- MR phantom


def mr_volume() -> np.ndarray:
    """T1-weighted sagittal slices (slice, row, column) of a head and upper neck: rows go head->feet,
    columns anterior->posterior; signal in arbitrary 12-bit units (fat brightest, then white matter,
    grey matter, muscle, CSF; bone cortex and air black)."""
    xs = (np.arange(MR_SLICES) - (MR_SLICES - 1) / 2.0) * MR_STEP  # right (-) to left (+)
    c = (np.arange(MR_SIZE) - (MR_SIZE - 1) / 2.0) * MR_PIXEL
    X = xs[:, None, None].astype(np.float32)
    Y = c[None, None, :].astype(np.float32)  # anterior (-) to posterior (+)
    Z = (-c)[None, :, None].astype(np.float32)  # rows run from head (+) to feet (-)
    vol = np.zeros((MR_SLICES, MR_SIZE, MR_SIZE), dtype=np.float32)

    def ell(cx, cy, cz, a, b, c_):
        return ((X - cx) / a) ** 2 + ((Y - cy) / b) ** 2 + ((Z - cz) / c_) ** 2 <= 1.0

    def paint(mask, value):
        vol[np.broadcast_to(mask, vol.shape)] = value

    FAT, WM, GM, MUSCLE, CSF, MARROW, DARK = 950, 780, 560, 380, 180, 620, 40
    # Neck and face soft tissue first, the cranium over them.
    paint(ell(0, 12, -120, 58, 62, 90), FAT)
    paint(ell(0, 14, -120, 52, 56, 90), MUSCLE)
    paint(ell(0, -48, -48, 50, 48, 52), FAT)  # face
    paint(ell(0, -46, -48, 45, 43, 48), MUSCLE)
    paint(ell(0, -52, -72, 30, 34, 16), 430)  # tongue
    paint(ell(0, -60, -52, 26, 30, 4), DARK)  # hard palate
    paint(ell(0, -70, -36, 9, 26, 16), DARK)  # nasal cavity
    for side in (-1, 1):
        paint(ell(side * 27, -60, -36, 15, 19, 16), DARK)  # maxillary sinuses
    # Cervical spine: bodies with bright marrow, discs, canal with the cord.
    col = (np.abs(Y - 22) < 12) & (Z < -62) & (np.abs(X) < 14)
    paint(col, MARROW)
    paint(col & (((Z + 62) % 16) > 12.5), 300)  # discs
    canal = ((X / 9) ** 2 + ((Y - 42) / 8) ** 2 <= 1) & (Z < -55)
    paint(canal, CSF)
    paint(((X / 5) ** 2 + ((Y - 42) / 4.5) ** 2 <= 1) & (Z < -55), 520)  # cord
    # Cranium: scalp fat, calvarium (dark cortex with a marrow stripe), CSF, cortex, white matter.
    paint(ell(0, 6, 22, 74, 98, 80), FAT)
    paint(ell(0, 6, 22, 70, 94, 76), DARK)
    paint(ell(0, 6, 22, 68, 92, 74), MARROW)
    paint(ell(0, 6, 22, 66, 90, 72), DARK)
    paint(ell(0, 6, 22, 63, 87, 69), CSF)
    # Skull base floors: anterior fossa on the orbital roofs, deeper middle fossae for the temporal lobes,
    # the sella in the middle, the posterior fossa lowest.
    yk = [-120.0, -46.0, -28.0, 8.0, 26.0, 120.0]
    lateral = np.interp(Y, yk, [14.0, 14.0, -26.0, -26.0, -50.0, -50.0])
    medial = np.interp(Y, yk, [14.0, 14.0, -6.0, -6.0, -50.0, -50.0])
    w = np.clip((np.abs(X) - 12.0) / 16.0, 0.0, 1.0)
    floor = (medial * (1 - w) + lateral * w).astype(np.float32)
    inside = ell(0, 6, 22, 63, 87, 69)
    paint(inside & (Z < floor), 430)
    paint(inside & (Z < floor) & (Z > floor - 3), DARK)
    brain = ell(0, 7, 24, 61, 85, 67) & (Z > floor + 2) & ~((Y > 14) & (Z < -10))
    paint(brain, GM)
    wm = ell(0, 8, 28, 51, 74, 55) & brain
    # Sulci: CSF clefts cutting into the cortex in a folded pattern.
    folds = (np.sin(Y / 7.0 + X / 11.0) * np.sin(Z / 6.5 - X / 13.0)) > 0.55
    paint(brain & ~ell(0, 7, 24, 56, 80, 62) & folds, CSF)
    paint(wm, WM)
    paint(brain & (np.abs(X) < 2.0) & (Z > 30), CSF)  # interhemispheric fissure
    cc = ell(0, 4, 26, 10, 38, 15) & ~ell(0, 4, 22, 10, 33, 12)
    paint(cc & (Z > 20), 820)  # corpus callosum
    for side in (-1, 1):
        paint(ell(side * 10, 4, 24, 7, 28, 7) & (Z < 28), CSF)  # lateral ventricles
    paint(ell(0, 10, 12, 3, 10, 6), CSF)  # third ventricle
    # Orbits: fat, globes (vitreous dark on T1), optic nerves.
    for side in (-1, 1):
        paint(ell(side * 30, -64, -6, 19, 24, 17), FAT)
        paint(ell(side * 30, -74, -6, 12, 12, 12), 160)
        paint(ell(side * 22, -52, -6, 3, 18, 3), MUSCLE + 60)
    paint(ell(0, -84, 34, 18, 9, 13), DARK)  # frontal sinus
    # Posterior fossa: cerebellum under the occipital lobes, brainstem, fourth ventricle.
    paint(ell(0, 46, -30, 50, 33, 22) & (Z > floor + 2) & (Z < -12), GM)  # cerebellum under the tentorium
    arbor = ell(0, 44, -30, 26, 16, 11) & ((np.sin(Y / 3.0) + np.cos(Z / 3.0)) > -0.3)
    paint(arbor, WM - 40)
    paint(ell(0, 20, -36, 13, 14, 34), 700)  # brainstem
    paint(ell(0, 32, -30, 3, 5, 7), CSF)  # fourth ventricle

    rng = np.random.default_rng(20240315)
    noise = rng.normal(0.0, 14.0, size=vol.shape).astype(np.float32)
    vol = np.abs(vol + noise)  # magnitude images: Rician-like floor in the background
    return np.clip(vol, 0, 4095).astype(np.uint16)


# --------------------------------------------------------------------------------------------- headers
