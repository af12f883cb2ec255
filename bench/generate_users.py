#!/usr/bin/env python3
"""Writes a users.csv of fictional users for bench/users.sh, deterministically from --seed.

Each row has the columns of SPEC section 4 plus two that policysite must ignore (phone,
address). About 3% of rows repeat an earlier address in another case, 1% have no valid address,
5% opted out, 3% unsubscribed, 1% bounced, and 10% follow one policy only.
"""
import argparse
import csv
import random

FIRST = ["Ada", "Grace", "Alan", "Katherine", "Margaret", "Tim", "Radia", "Barbara", "Hedy", "Inès", "Zoë", "José",
         "Mary", "John", "Li", "Amara", "Sven", "Olga", "Kenji", "Fatima"]
LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Hamilton", "Berners-Lee", "Perlman", "Liskov", "Lamarr",
        "Müller", "O'Brien", "García", "Smith", "Nguyen", "Okafor", "Larsen", "Petrova", "Sato", "Haddad", "Kowalski"]
LOCALES = ["en", "en-GB", "en-US", "fr-FR", "de-DE", "pt-BR", "es", "ja-JP", ""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    addresses: list[str] = []
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["id", "email", "name", "locale", "policies", "notify", "status", "phone", "address"])
        for index in range(args.users):
            roll = rng.random()
            if roll < 0.03 and addresses:
                email = rng.choice(addresses).upper()
            elif roll < 0.04:
                email = rng.choice(["", "not-an-address", "two@@example.com", "spaces in@example.com"])
            else:
                email = f"user{index}.{rng.randrange(10**6)}@example.{rng.choice(['com', 'org', 'net'])}"
                addresses.append(email)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last}" if rng.random() > 0.02 else f"{last}, {first}"
            notify = rng.choices(["", "material", "all", "none"], [50, 25, 20, 5])[0]
            status = rng.choices(["", "active", "unsubscribed", "bounced"], [60, 36, 3, 1])[0]
            policies = rng.choice(["privacy", "terms"]) if rng.random() < 0.10 else ""
            phone = f"+1 555 {rng.randrange(10**7):07d}"
            address = f"{rng.randrange(1, 9999)} Example Street, Springfield"
            writer.writerow([f"u{index}", email, name, rng.choice(LOCALES), policies, notify, status, phone, address])


if __name__ == "__main__":
    main()
