"""Table-driven tests of compositional, clock and calendar time expressions (issue 13):
sentence + publication date -> the expression's value, granularity and interval, and the
interval an event takes where it differs (ranges, "in two weeks")."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from timeline import TimeExpression, Timeline, extract
from timeline.cli import main

TUE = "2024-12-03"  # a Tuesday
FRI = "2024-12-06"  # a Friday
MON30 = "2024-12-30"  # a Monday, the year about to turn
THU2 = "2025-01-02"  # a Thursday, the year just turned
WED23 = "2023-03-15"  # a Wednesday

# (sentence, published, expression, value, granularity, interval start, interval end);
# a day (or a time of a day) with no interval given covers just its own day
Row = tuple[str, str, str, str, str | None, str | None, str | None]
D = None  # "the value's own day"

ORDINALS: list[Row] = [
    ("The vote will take place on the second Tuesday of next month.", TUE,
     "the second Tuesday of next month", "2025-01-14", "day", D, D),
    ("The vote took place on the second Tuesday of last month.", TUE,
     "the second Tuesday of last month", "2024-11-12", "day", D, D),
    ("The summit will open on the first Monday of January.", TUE,
     "the first Monday of January", "2025-01-06", "day", D, D),
    ("The fair closed on the last Friday in October.", TUE,
     "the last Friday in October", "2024-10-25", "day", D, D),
    ("The fair will open on the last Friday in October.", TUE,
     "the last Friday in October", "2025-10-31", "day", D, D),
    ("The law takes effect on the last day of February.", TUE,
     "the last day of February", "2025-02-28", "day", D, D),
    ("The deadline passed on the last day of November.", TUE,
     "the last day of November", "2024-11-30", "day", D, D),
    ("Payments resume on the first day of next month.", TUE,
     "the first day of next month", "2025-01-01", "day", D, D),
    ("Work starts in the first week of March.", TUE,
     "the first week of March", "2025-W10", "week", "2025-03-03", "2025-03-09"),
    ("Sales slowed in the last week of November.", TUE,
     "the last week of November", "2024-W48", "week", "2024-11-25", "2024-12-01"),
    ("The plan starts in the first week of next month.", TUE,
     "the first week of next month", "2025-W01", "week", "2024-12-30", "2025-01-05"),
    ("The company will report at the end of next month.", TUE,
     "the end of next month", "2025-01", "month", "2025-01-21", "2025-01-31"),
    ("Talks will resume early next week.", TUE,
     "early next week", "2024-W50", "week", "2024-12-09", "2024-12-10"),
    ("The board meets on the second weekend of January.", TUE,
     "the second weekend of January", "2025-W02-WE", "week", "2025-01-11", "2025-01-12"),
    ("Trading resumes on the first business day of next year.", TUE,
     "the first business day of next year", "2025-01-01", "day", D, D),
    ("The race is held on the fourth Sunday of March 2025.", TUE,
     "the fourth Sunday of March 2025", "2025-03-23", "day", D, D),
    ("Elections were held on the first Tuesday of November.", TUE,
     "the first Tuesday of November", "2024-11-05", "day", D, D),
    ("The vote is on the last Monday of this month.", TUE,
     "the last Monday of this month", "2024-12-30", "day", D, D),
    ("The match is on the second Saturday of next month.", MON30,
     "the second Saturday of next month", "2025-01-11", "day", D, D),
    ("The audit ended on the last day of last month.", THU2,
     "the last day of last month", "2024-12-31", "day", D, D),
    ("The tax is due on the last day of this year.", MON30,
     "the last day of this year", "2024-12-31", "day", D, D),
    ("The festival opened on the third Friday of March.", WED23,
     "the third Friday of March", "2022-03-18", "day", D, D),
    ("The festival will open on the third Friday of March.", WED23,
     "the third Friday of March", "2023-03-17", "day", D, D),
    ("Rents rose on the first day of the year.", WED23,
     "the first day of the year", "2023-01-01", "day", D, D),
    ("The strike began in the last week of December.", THU2,
     "the last week of December", "2024-W52", "week", "2024-12-23", "2024-12-29"),
]

OFFSETS: list[Row] = [
    ("The strike ended three days after Thanksgiving.", TUE,
     "three days after Thanksgiving", "2024-12-01", "day", D, D),
    ("The fast begins two weeks before Easter.", TUE,
     "two weeks before Easter", "2025-04-06", "day", D, D),
    ("It happened the day before yesterday.", TUE,
     "the day before yesterday", "2024-12-01", "day", D, D),
    ("The plant will reopen the week after next.", TUE,
     "the week after next", "2024-W51", "week", "2024-12-16", "2024-12-22"),
    ("The election is the year after next.", TUE,
     "the year after next", "2026", "year", "2026-01-01", "2026-12-31"),
    ("The payment is due three Fridays from now.", TUE,
     "three Fridays from now", "2024-12-20", "day", D, D),
    ("The review will end a month from today.", TUE,
     "a month from today", "2025-01-03", "day", D, D),
    ("The deal closed a week after Labor Day.", TUE,
     "a week after Labor Day", "2024-09-09", "day", D, D),
    ("Voting ends two days before Christmas.", TUE,
     "two days before Christmas", "2024-12-23", "day", D, D),
    ("The ban began three weeks after Memorial Day.", TUE,
     "three weeks after Memorial Day", "2024-06-17", "day", D, D),
    ("The trial opens ten days from today.", TUE,
     "ten days from today", "2024-12-13", "day", D, D),
    ("The fee rises a week from today.", MON30,
     "a week from today", "2025-01-06", "day", D, D),
    ("Shares rose the week before last.", TUE,
     "the week before last", "2024-W47", "week", "2024-11-18", "2024-11-24"),
    ("Profits fell the year before last.", TUE,
     "the year before last", "2022", "year", "2022-01-01", "2022-12-31"),
    ("The auction is the month after next.", TUE,
     "the month after next", "2025-02", "month", "2025-02-01", "2025-02-28"),
    ("The team returns two weeks after Easter 2025.", TUE,
     "two weeks after Easter 2025", "2025-05-04", "day", D, D),
    ("The order was signed one day before Thanksgiving.", TUE,
     "one day before Thanksgiving", "2024-11-27", "day", D, D),
    ("The deadline is three days after March 3, 2025.", TUE,
     "three days after March 3, 2025", "2025-03-06", "day", D, D),
    ("The vote closes two Mondays from now.", TUE,
     "two Mondays from now", "2024-12-16", "day", D, D),
    ("The survey closes a month after New Year's Day.", TUE,
     "a month after New Year's Day", "2025-02-01", "day", D, D),
    ("The talks ended two days after Christmas.", THU2,
     "two days after Christmas", "2024-12-27", "day", D, D),
    ("Prices will rise three days from now.", MON30,
     "three days from now", "2025-01-02", "day", D, D),
    ("The firm was sold the day after Christmas.", THU2,
     "the day after Christmas", "2024-12-26", "day", D, D),
    ("The deal closed two weeks before Christmas.", THU2,
     "two weeks before Christmas", "2024-12-11", "day", D, D),
    ("The ruling came four days after Good Friday.", WED23,
     "four days after Good Friday", "2022-04-19", "day", D, D),
]

CLOCKS: list[Row] = [
    ("The blast happened at 10:15:30 p.m. on Monday.", TUE,
     "10:15:30 p.m. on Monday", "2024-12-02T22:15:30", "time", D, D),
    ("The talks begin at a quarter past nine tonight.", TUE,
     "a quarter past nine tonight", "2024-12-03T21:15", "time", D, D),
    ("The ceasefire took effect at 0400 GMT on Wednesday.", TUE,
     "0400 GMT on Wednesday", "2024-11-27T04:00Z", "time", D, D),
    ("The meeting is set for 3:30 in the afternoon on Friday.", TUE,
     "3:30 in the afternoon on Friday", "2024-12-06T15:30", "time", D, D),
    ("The train left at half past six this morning.", TUE,
     "half past six this morning", "2024-12-03T06:30", "time", D, D),
    ("The store opens at a quarter to noon.", TUE,
     "a quarter to noon", "2024-12-03T11:45", "time", D, D),
    ("The rally starts at 7 in the evening.", TUE,
     "7 in the evening", "2024-12-03T19:00", "time", D, D),
    ("Polls close at midnight.", TUE, "midnight", "2024-12-03T24:00", "time", D, D),
    ("The vote closes at midnight on Friday.", TUE,
     "midnight on Friday", "2024-12-06T24:00", "time", D, D),
    ("The flight lands at 1530 local time.", TUE,
     "1530 local time", "2024-12-03T15:30", "time", D, D),
    ("Trading opens at 9 a.m. EST.", TUE, "9 a.m. EST", "2024-12-03T09:00-05:00", "time", D, D),
    ("The summit opens Monday at noon.", TUE,
     "Monday at noon", "2024-12-09T12:00", "time", D, D),
    ("Fighting resumed at 2 p.m. yesterday.", TUE,
     "2 p.m. yesterday", "2024-12-02T14:00", "time", D, D),
    ("The deadline is 5 p.m. tomorrow.", TUE,
     "5 p.m. tomorrow", "2024-12-04T17:00", "time", D, D),
    ("The launch happened at 11:59:59 p.m. on Dec. 31.", THU2,
     "11:59:59 p.m. on Dec. 31", "2024-12-31T23:59:59", "time", D, D),
    ("The quake struck at 0735 GMT.", TUE, "0735 GMT", "2024-12-03T07:35Z", "time", D, D),
    ("Troops moved in at 1400 hours.", TUE, "1400 hours", "2024-12-03T14:00", "time", D, D),
    ("The shop opens at ten past eight in the morning.", TUE,
     "ten past eight in the morning", "2024-12-03T08:10", "time", D, D),
    ("The bell rang at twenty to five in the afternoon.", TUE,
     "twenty to five in the afternoon", "2024-12-03T16:40", "time", D, D),
    ("Services start at 10 a.m. CET on Sunday.", TUE,
     "10 a.m. CET on Sunday", "2024-12-08T10:00+01:00", "time", D, D),
    ("The plane landed at 6:45 a.m. PST Monday.", TUE,
     "6:45 a.m. PST Monday", "2024-12-02T06:45-08:00", "time", D, D),
    ("Doors will open at 7:30 p.m. Friday.", TUE,
     "7:30 p.m. Friday", "2024-12-06T19:30", "time", D, D),
    ("The storm hit at 3 a.m. on Saturday.", TUE,
     "3 a.m. on Saturday", "2024-11-30T03:00", "time", D, D),
    ("The market closed at 4:00:00 p.m. yesterday.", TUE,
     "4:00:00 p.m. yesterday", "2024-12-02T16:00:00", "time", D, D),
    ("Monday at 9:15 a.m., the market opened.", TUE,
     "Monday at 9:15 a.m.", "2024-12-02T09:15", "time", D, D),
    ("The offer expires Wednesday at midnight.", TUE,
     "Wednesday at midnight", "2024-12-04T24:00", "time", D, D),
    ("The guards change at half past six in the evening.", TUE,
     "half past six in the evening", "2024-12-03T18:30", "time", D, D),
    ("Shelling began at 0530 GMT on Sunday.", MON30,
     "0530 GMT on Sunday", "2024-12-29T05:30Z", "time", D, D),
    ("The count ends at 2300 GMT tonight.", TUE,
     "2300 GMT tonight", "2024-12-03T23:00Z", "time", D, D),
    ("Markets open at 9:30 a.m. EDT tomorrow.", TUE,
     "9:30 a.m. EDT tomorrow", "2024-12-04T09:30-04:00", "time", D, D),
    ("The siren sounded at 11 p.m. on New Year's Eve.", THU2,
     "11 p.m.", "2025-01-02T23:00", "time", D, D),
    ("The talks broke down at 3 a.m. Friday.", FRI,
     "3 a.m. Friday", "2024-12-06T03:00", "time", D, D),
    ("Lights go out at 10 at night.", TUE, "10 at night", "2024-12-03T22:00", "time", D, D),
    ("The vote was counted by 1 a.m. on Jan. 1.", THU2,
     "1 a.m. on Jan. 1", "2025-01-01T01:00", "time", D, D),
]

DURATIONS: list[Row] = [
    ("The winner finished the marathon in 2:07:35.", TUE,
     "2:07:35", "PT2H7M35S", None, None, None),
    ("She ran the race in 1:05:12.", TUE, "1:05:12", "PT1H5M12S", None, None, None),
    ("The flight lasted 1 1/2 hours.", TUE, "1 1/2 hours", "PT1H30M", None, None, None),
    ("The meeting lasted half an hour.", TUE, "half an hour", "PT30M", None, None, None),
    ("He spoke for a quarter of an hour.", TUE,
     "a quarter of an hour", "PT15M", None, None, None),
    ("The test took three quarters of an hour.", TUE,
     "three quarters of an hour", "PT45M", None, None, None),
    ("The strike lasted half a year.", TUE, "half a year", "P6M", None, None, None),
    ("The trip takes 2 1/2 hours.", TUE, "2 1/2 hours", "PT2H30M", None, None, None),
    ("The results will be announced in two weeks.", TUE, "two weeks", "P2W", None, None, None),
    ("The cyclist won the stage in 4:12:09.", TUE, "4:12:09", "PT4H12M9S", None, None, None),
    ("The ride took half a day.", TUE, "half a day", "PT12H", None, None, None),
]

RANGES: list[Row] = [
    ("The hearing was held from March 3 to March 5.", TUE, "March 3", "2024-03-03", "day", D, D),
    ("The hearing was held from March 3 to March 5.", TUE, "March 5", "2024-03-05", "day", D, D),
    ("The festival runs March 3-5.", TUE, "March 3", "2025-03-03", "day", D, D),
    ("Talks were held between Monday and Wednesday.", FRI, "Monday", "2024-12-02", "day", D, D),
    ("Talks were held between Monday and Wednesday.", FRI,
     "Wednesday", "2024-12-04", "day", D, D),
    ("Talks will be held between Monday and Wednesday.", TUE,
     "Wednesday", "2024-12-11", "day", D, D),
    ("Talks will be held between Thursday and Tuesday.", TUE,
     "Tuesday", "2024-12-10", "day", D, D),
    ("The office is closed from 9 a.m. to noon.", TUE, "9 a.m.", "2024-12-03T09:00", "time", D, D),
    ("The office is closed from 9 a.m. to noon.", TUE, "noon", "2024-12-03T12:00", "time", D, D),
    ("The exhibition ran from Nov. 28 through Dec. 1.", TUE,
     "Nov. 28", "2024-11-28", "day", D, D),
    ("The exhibition ran from Nov. 28 through Dec. 1.", TUE, "Dec. 1", "2024-12-01", "day", D, D),
    ("The trial will run from Jan. 6 to Jan. 10.", TUE, "Jan. 6", "2025-01-06", "day", D, D),
    ("The trial will run from Jan. 6 to Jan. 10.", TUE, "Jan. 10", "2025-01-10", "day", D, D),
]

CALENDAR: list[Row] = [
    ("Shops will close on Christmas.", TUE, "Christmas", "2024-12-25", "day", D, D),
    ("Markets reopen on New Year's Day.", TUE, "New Year's Day", "2025-01-01", "day", D, D),
    ("Sales rose at Easter.", TUE, "Easter", "2024-03-31", "day", D, D),
    ("Churches were packed on Good Friday.", TUE, "Good Friday", "2024-03-29", "day", D, D),
    ("The parade will return on Memorial Day.", TUE,
     "Memorial Day", "2025-05-26", "day", D, D),
    ("The strike began on Labor Day.", TUE, "Labor Day", "2024-09-02", "day", D, D),
    ("Families gathered on Thanksgiving.", TUE, "Thanksgiving", "2024-11-28", "day", D, D),
    ("Prices rose during Ramadan.", TUE, "Ramadan", "2024-03-11", "day", D, D),
    ("Violence flared on Eid al-Fitr.", TUE, "Eid al-Fitr", "2024-04-10", "day", D, D),
    ("Pilgrims will celebrate Eid al-Adha.", TUE, "Eid al-Adha", "2025-06-06", "day", D, D),
    ("Fireworks lit the sky on Diwali.", TUE, "Diwali", "2024-10-31", "day", D, D),
    ("Travel will peak before Lunar New Year.", TUE,
     "Lunar New Year", "2025-01-29", "day", D, D),
    ("Families will light candles on Hanukkah.", TUE, "Hanukkah", "2024-12-26", "day", D, D),
    ("The fair opened Saturday, Sept. 21.", TUE,
     "Saturday, Sept. 21", "2024-09-21", "day", D, D),
    ("The fair opens Sunday, Sept. 21.", TUE, "Sunday, Sept. 21", "2025-09-21", "day", D, D),
    ("The vote was held on Thursday, Nov. 7.", TUE,
     "Thursday, Nov. 7", "2024-11-07", "day", D, D),
    ("Markets fell on Friday, Dec. 27.", THU2, "Friday, Dec. 27", "2024-12-27", "day", D, D),
    ("Crowds will gather on Christmas Eve.", TUE, "Christmas Eve", "2024-12-24", "day", D, D),
    ("The party is on New Year's Eve.", TUE, "New Year's Eve", "2024-12-31", "day", D, D),
    ("Factories will close for Chinese New Year.", TUE,
     "Chinese New Year", "2025-01-29", "day", D, D),
    ("Sales fell last Christmas.", TUE, "last Christmas", "2023-12-25", "day", D, D),
    ("The pope will speak at Easter 2026.", TUE, "Easter 2026", "2026-04-05", "day", D, D),
    ("Stores were busy at Christmas.", THU2, "Christmas", "2024-12-25", "day", D, D),
    ("The strike will end before Thanksgiving.", "2024-10-01",
     "Thanksgiving", "2024-11-28", "day", D, D),
    ("The strike ended before Thanksgiving.", "2025-01-15",
     "Thanksgiving", "2024-11-28", "day", D, D),
    ("Ramadan will begin in the spring.", TUE, "Ramadan", "2025-03-01", "day", D, D),
    ("The talks resume on Monday, Jan. 6.", TUE, "Monday, Jan. 6", "2025-01-06", "day", D, D),
    ("Eid al-Fitr fell on a Wednesday in 2024.", TUE, "2024", "2024", "year",
     "2024-01-01", "2024-12-31"),
    ("The law passed on Tuesday, March 14.", WED23,
     "Tuesday, March 14", "2023-03-14", "day", D, D),
    ("Boxing Day sales began.", THU2, "Boxing Day", "2024-12-26", "day", D, D),
    ("Easter Monday was quiet.", WED23, "Easter Monday", "2022-04-18", "day", D, D),
]

CURRENT: list[Row] = [
    ("Profits rose this quarter.", TUE, "this quarter", "2024-Q4", "quarter",
     "2024-10-01", "2024-12-31"),
    ("Revenue grew in the current quarter.", TUE, "the current quarter", "2024-Q4", "quarter",
     "2024-10-01", "2024-12-31"),
    ("The team has struggled this season.", TUE, "this season", "2024-WI", "season",
     "2024-12-01", "2025-02-28"),
    ("Earnings fell in the third quarter. Sales rose this quarter.", TUE, "this quarter",
     "2024-Q4", "quarter", "2024-10-01", "2024-12-31"),
    ("Sales rose this quarter.", THU2, "this quarter", "2025-Q1", "quarter",
     "2025-01-01", "2025-03-31"),
    ("Profits rose this quarter.", WED23, "this quarter", "2023-Q1", "quarter",
     "2023-01-01", "2023-03-31"),
    ("Sales will rise next quarter.", TUE, "next quarter", "2025-Q1", "quarter",
     "2025-01-01", "2025-03-31"),
]

NUMERIC: list[Row] = [
    ("The deal closed on 10/15.", TUE, "10/15", "2024-10-15", "day", D, D),
    ("The deal was signed 15/2/2013.", TUE, "15/2/2013", "2013-02-15", "day", D, D),
    ("The deal was signed on 2013/02/15.", TUE, "2013/02/15", "2013-02-15", "day", D, D),
    ("The deal was signed on 3/4/2013.", TUE, "3/4/2013", "2013-03-04", "day", D, D),
    ("LONDON (Reuters) - The deal was signed on 3/4/2013.", TUE,
     "3/4/2013", "2013-04-03", "day", D, D),
    ("The deal was signed on 3/4/2013 and closed on 25/4/2013.", TUE,
     "3/4/2013", "2013-04-03", "day", D, D),
    ("The vote is on 1/7.", TUE, "1/7", "2025-01-07", "day", D, D),
    ("The contract dated 12/31/2023 expired.", TUE, "12/31/2023", "2023-12-31", "day", D, D),
    ("The meeting is 12/20.", MON30, "12/20", "2024-12-20", "day", D, D),
    ("The meeting is on 12.11.2024.", TUE, "12.11.2024", "2024-11-12", "day", D, D),
    ("Sales rose in Q3.", TUE, "Q3", "2024-Q3", "quarter", "2024-07-01", "2024-09-30"),
    ("Sales will rise in Q1 2025.", TUE, "Q1 2025", "2025-Q1", "quarter",
     "2025-01-01", "2025-03-31"),
    ("Sales will rise in H2 2025.", TUE, "H2 2025", "2025-H2", "quarter",
     "2025-07-01", "2025-12-31"),
]

# existing forms in past and future frames across the turn of the year
FRAMES: list[Row] = [
    ("The shop opened next month.", MON30, "next month", "2025-01", "month",
     "2025-01-01", "2025-01-31"),
    ("Sales fell last week.", THU2, "last week", "2024-W52", "week", "2024-12-23", "2024-12-29"),
    ("The vote will be on Friday.", MON30, "Friday", "2025-01-03", "day", D, D),
    ("The vote was on Friday.", THU2, "Friday", "2024-12-27", "day", D, D),
    ("The plant closed in December.", THU2, "December", "2024-12", "month",
     "2024-12-01", "2024-12-31"),
    ("The plant will close in January.", MON30, "January", "2025-01", "month",
     "2025-01-01", "2025-01-31"),
    ("Talks ended yesterday.", THU2, "yesterday", "2025-01-01", "day", D, D),
    ("Talks begin tomorrow.", MON30, "tomorrow", "2024-12-31", "day", D, D),
    ("The firm was sold last year.", THU2, "last year", "2024", "year",
     "2024-01-01", "2024-12-31"),
    ("The firm will be sold next year.", MON30, "next year", "2025", "year",
     "2025-01-01", "2025-12-31"),
]

DAYS_OF_MONTH: list[Row] = [
    ("The meeting is on the 15th.", TUE, "the 15th", "2024-12-15", "day", D, D),
    ("The plant closed on the 28th.", TUE, "the 28th", "2024-11-28", "day", D, D),
    ("The meeting is on Wednesday the 11th.", TUE,
     "Wednesday the 11th", "2024-12-11", "day", D, D),
    ("Rent is due on the 3rd of next month.", TUE,
     "the 3rd of next month", "2025-01-03", "day", D, D),
    ("The vote will be on the 2nd.", MON30, "the 2nd", "2025-01-02", "day", D, D),
    ("The meeting is this Friday at 10.", TUE,
     "this Friday at 10", "2024-12-06T10:00", "time", D, D),
    ("The meeting is tonight at 11.", TUE, "tonight at 11", "2024-12-03T23:00", "time", D, D),
    ("The meeting is on the fifteenth of January.", TUE,
     "the fifteenth of January", "2025-01-15", "day", D, D),
    ("The meeting is on January twenty-first.", TUE,
     "January twenty-first", "2025-01-21", "day", D, D),
    ("Rent is due on the first of next month.", TUE,
     "the first of next month", "2025-01-01", "day", D, D),
    ("The meeting is on Friday, the third of January.", TUE,
     "Friday, the third of January", "2025-01-03", "day", D, D),
    ("The meeting is at nine a.m. tomorrow.", TUE,
     "nine a.m. tomorrow", "2024-12-04T09:00", "time", D, D),
    ("The meeting is at 3 this afternoon.", TUE,
     "3 this afternoon", "2024-12-03T15:00", "time", D, D),
    ("The meeting is at 2.30pm on Friday.", TUE,
     "2.30pm on Friday", "2024-12-06T14:30", "time", D, D),
    ("The meeting is at 12 noon.", TUE, "12 noon", "2024-12-03T12:00", "time", D, D),
    ("The meeting is this weekend.", TUE, "this weekend", "2024-W49-WE", "week",
     "2024-12-07", "2024-12-08"),
    ("The meeting is the Monday after next.", TUE,
     "the Monday after next", "2024-12-16", "day", D, D),
    ("The talks began on Thursday, Nov. 28. They resumed the following Tuesday.", TUE,
     "the following Tuesday", "2024-12-03", "day", D, D),
    ("The index fell on Nov. 29, 2024, from the previous Friday.", TUE,
     "the previous Friday", "2024-11-22", "day", D, D),
]

ALL = (DAYS_OF_MONTH + ORDINALS + OFFSETS + CLOCKS + DURATIONS + RANGES + CALENDAR + CURRENT
       + NUMERIC + FRAMES)


@cache
def _timeline(sentence: str, published: str, dayfirst: bool | None = None) -> Timeline:
    return extract(sentence, published=published, dayfirst=dayfirst)


def _expression(tl: Timeline, text: str) -> TimeExpression:
    found = [t for t in tl.time_expressions if t.text == text]
    assert found, f"{text!r} not found: {[t.text for t in tl.time_expressions]}"
    return found[0]


def test_the_table_is_large_enough() -> None:
    assert len(ALL) >= 150


@pytest.mark.parametrize(("sentence", "published", "expression", "value", "granularity",
                          "start", "end"), ALL)
def test_expression(sentence: str, published: str, expression: str, value: str,
                    granularity: str | None, start: str | None, end: str | None) -> None:
    tx = _expression(_timeline(sentence, published), expression)
    assert tx.value == value
    assert tx.granularity == granularity
    if granularity is None:
        assert tx.interval is None
        return
    day = value[:10]
    assert tx.interval is not None
    assert tx.interval.start.isoformat() == (start or day)
    assert tx.interval.end.isoformat() == (end or day)


@pytest.mark.parametrize(("dayfirst", "value"), [(True, "2013-04-03"), (False, "2013-03-04"),
                                                 (None, "2013-03-04")])
def test_numeric_dates_follow_the_option(dayfirst: bool | None, value: str) -> None:
    tl = _timeline("The deal was signed on 3/4/2013.", TUE, dayfirst)
    assert _expression(tl, "3/4/2013").value == value


def test_the_option_does_not_override_an_unambiguous_date() -> None:
    tl = _timeline("The deal was signed on 15/2/2013.", TUE, False)
    assert _expression(tl, "15/2/2013").value == "2013-02-15"


@pytest.mark.parametrize("sentence", ["The office is on the 15th floor.",
                                      "It was the first of many.",
                                      "He won the second of two races."])
def test_an_ordinal_that_numbers_a_noun_is_not_a_day(sentence: str) -> None:
    tl = _timeline(sentence, TUE)
    assert [t.text for t in tl.time_expressions] == []


def test_a_bare_four_digit_number_stays_a_year() -> None:
    tl = _timeline("The bridge was built in 1530.", TUE)
    assert _expression(tl, "1530").value == "1530"


def test_a_race_time_in_the_past_tense_is_a_clock_time_without_in() -> None:
    tl = _timeline("The alarm rang at 2:07:35 this morning.", TUE)
    assert _expression(tl, "2:07:35 this morning").value == "2024-12-03T02:07:35"


# (sentence, published, event trigger, event value, interval start, end, computed, #expressions)
EVENTS: list[tuple[str, str, str, str, str, str, str, int]] = [
    ("The hearing was held from March 3 to March 5.", TUE, "held",
     "2024-03-03", "2024-03-03", "2024-03-05", "range", 2),
    ("The festival runs March 3-5.", TUE, "runs", "2025-03-03", "2025-03-03", "2025-03-05",
     "range", 2),
    ("The exhibition ran from Nov. 28 through Dec. 1.", TUE, "ran",
     "2024-11-28", "2024-11-28", "2024-12-01", "range", 2),
    ("The trial will run from Jan. 6 to Jan. 10.", TUE, "run",
     "2025-01-06", "2025-01-06", "2025-01-10", "range", 2),
    ("Flights were suspended from Monday to Thursday.", FRI, "suspended",
     "2024-12-02", "2024-12-02", "2024-12-05", "range", 2),
    ("The results will be announced in two weeks.", TUE, "announced",
     "2024-12-17", "2024-12-14", "2024-12-20", "publication-plus-duration", 1),
    ("The plant will reopen in three days.", TUE, "reopen",
     "2024-12-06", "2024-12-06", "2024-12-06", "publication-plus-duration", 1),
    ("The company will decide in two months.", MON30, "decide",
     "2025-02-28", "2025-02-21", "2025-03-07", "publication-plus-duration", 1),
    ("The strike ended three days after Thanksgiving.", TUE, "ended",
     "2024-12-01", "2024-12-01", "2024-12-01", "value", 1),
    ("The law takes effect on the last day of February.", TUE, "takes effect",
     "2025-02-28", "2025-02-28", "2025-02-28", "value", 1),
    ("The vote will take place on the second Tuesday of next month.", TUE, "take place",
     "2025-01-14", "2025-01-14", "2025-01-14", "value", 1),
    ("The ceasefire took effect at 0400 GMT on Wednesday.", TUE, "took effect",
     "2024-11-27T04:00Z", "2024-11-27", "2024-11-27", "value", 1),
]


@pytest.mark.parametrize(("sentence", "published", "trigger", "value", "start", "end",
                          "computed", "n_expressions"), EVENTS)
def test_event_takes_the_full_value(sentence: str, published: str, trigger: str, value: str,
                                    start: str, end: str, computed: str,
                                    n_expressions: int) -> None:
    tl = _timeline(sentence, published)
    events = [e for e in tl.events if e.trigger.text == trigger]
    assert events, [e.trigger.text for e in tl.events]
    time = events[0].time
    assert time is not None
    assert (time.value, time.interval.start.isoformat(), time.interval.end.isoformat()) == \
        (value, start, end)
    assert time.computed == computed
    assert len(time.to_dict()["expressions"]) == n_expressions


def test_in_a_duration_of_a_past_event_is_not_an_offset() -> None:
    tl = _timeline("He finished the job in two weeks.", TUE)
    finished = next(e for e in tl.events if e.trigger.text == "finished")
    assert finished.time is None or finished.time.computed != "publication-plus-duration"


@pytest.mark.parametrize(("flag", "value"), [("--dayfirst", "2013-04-03"),
                                             ("--monthfirst", "2013-03-04")])
def test_cli_reads_numeric_dates_as_told(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          flag: str, value: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The deal was signed on 3/4/2013.\n", encoding="utf-8")
    assert main(["extract", str(article), "--published", TUE, flag, "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["value"] for t in data["time_expressions"]] == [value]
    times = [e["time"] for e in data["events"] if e["time"] is not None]
    assert times and all(t["computed"] == "value" and t["expressions"] for t in times)
