#!/usr/bin/env python3
"""The 低保 rule of bench_policy.c written in NumPy, the way OpenFisca and
PolicyEngine compute a rule: whole columns at once, households by
segmented sums over their members. Reads the columns bench_policy wrote as
raw int64 files into DIR, times the rule alone (best of RUNS) and writes
the eligibility and amount of each household back for comparison.

Usage: dibao_numpy.py DIR AS_OF CUTOFF NONE RUNS
  AS_OF   the day (days since the epoch bench_policy uses)
  CUTOFF  the latest birth day of someone aged 70 on AS_OF
  NONE    the value of an absent date
Prints the best time in seconds."""
import sys
import time

import numpy as np


def main():
    d = sys.argv[1]
    as_of, cutoff, none, runs = (int(a) for a in sys.argv[2:6])

    def col(name):
        return np.fromfile(f"{d}/{name}.bin", dtype=np.int64)

    start, rural = col("member_start"), col("rural")
    wage, bus, oth = col("wage_income"), col("business_income"), col("other_income")
    pen, basic, excl = col("pension_income"), col("basic_pension"), col("excluded_income")
    dep, dead, death = col("deposits"), col("is_dead"), col("death_date")
    birth, grade, ill = col("birth_date"), col("disability_grade"), col("serious_illness")
    emp, school = col("employment"), col("schooling")

    def dibao():
        alive = ~((dead != 0) & ((death == none) | (death <= as_of)))
        counted = alive.astype(np.int64)
        ci = np.maximum(wage + bus + oth + np.maximum(pen - basic, 0) - excl, 0) * counted
        child = (emp == 6) | (emp == 7) | (school != 0)
        severe = ((grade >= 1) & (grade <= 2)) | (ill != 0) | (birth <= cutoff)
        supp = (np.where(child, 10000, np.where(severe, 6000, 0))
                + np.where(grade >= 1, 4000, 0)) * counted
        first = start[:-1]  # every household has a member: no empty segment
        n = np.add.reduceat(counted, first)
        inc = np.add.reduceat(ci, first)
        deposits = np.add.reduceat(dep * counted, first)
        supplement = np.add.reduceat(supp, first)
        std = np.where(rural != 0, 63000, 77000)
        pci = np.where(n > 0, inc // np.maximum(n, 1), 0)  # inc >= 0: floor is truncation
        elig = (n >= 1) & (pci < std) & (deposits <= std * 24 * n)
        q, r = np.divmod((std - pci) * n + supplement, 100)
        return elig.astype(np.int64), np.where(elig, (q + (r >= 50)) * 100, 0)

    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        elig, amount = dibao()
        best = min(best, time.perf_counter() - t0)
    elig.tofile(f"{d}/elig.bin")
    amount.astype(np.int64).tofile(f"{d}/amount.bin")
    print(f"{best:.6f}")


if __name__ == "__main__":
    main()
