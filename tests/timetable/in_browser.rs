//! The timetable in Chromium: the time-zone switch, "now / next" from the reader's clock
//! (passing over cancelled sessions), and the days the reader's clock puts a session on.

use super::common::browser::{browser, start_driver};
use super::{summit, TestSite};
use serde_json::json;

/// A Date that starts at `iso`, injected before the page's scripts run.
fn clock_at(iso: &str) -> String {
    format!(
        "(function(){{var D=Date,t=D.parse('{iso}');function F(...a){{return a.length?new D(...a):new D(t)}}F.prototype=D.prototype;F.now=function(){{return t}};F.parse=D.parse;F.UTC=D.UTC;Date=F}})();"
    )
}

#[test]
fn browser_time_zone_switch_and_now_next_from_the_readers_clock() {
    let Some((chromium, chromedriver)) = browser("browser_time_zone_switch_and_now_next_from_the_readers_clock") else {
        return;
    };
    let s = summit();
    s.build_ok(&[]);
    let page = format!("file://{}", s.public().join("programme/index.html").display());
    let driver = start_driver(chromium, chromedriver);
    let cdp = |cmd: &str, params: serde_json::Value| {
        driver.session_call("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })))
    };
    cdp("Emulation.setTimezoneOverride", json!({ "timezoneId": "America/New_York" }));
    // 09:45 in Berlin on the first day: Teachers and Leaders run, Lunch is next
    cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": clock_at("2024-03-30T09:45:00+01:00") }));
    driver.session_call("POST", "/url", Some(json!({ "url": page })));
    driver.wait_until("the switch", "return !!document.querySelector('.tz-toggle')");
    let now = driver
        .script("return [...document.querySelectorAll('.timetable .is-now a')].map(a => a.textContent).join(',')");
    assert_eq!(now, "Leaders,Teachers");
    let next = driver
        .script("return [...document.querySelectorAll('.timetable .is-next a')].map(a => a.textContent).join(',')");
    assert_eq!(next, "Lunch");
    assert_eq!(
        driver.script("return document.querySelector('.timetable .is-now').getAttribute('aria-current')"),
        "time"
    );
    // event time without the switch, the reader's time with it
    let first = "return document.querySelector('.timetable .session-time').textContent.trim()";
    assert_eq!(driver.script(first), "9:00\u{202f}am\u{a0}\u{2013} 9:30\u{202f}am UTC+1");
    driver.script("document.querySelector('.tz-toggle').click(); return null");
    assert_eq!(driver.script("return document.querySelector('.tz-toggle').getAttribute('aria-pressed')"), "true");
    let shown = driver.script(first);
    let shown = shown.as_str().unwrap();
    // written as the page writes times (`9:00 am`, not `09:00 AM`), the offset as the page
    // writes the event's (New York's on that day, UTC−4), the zone's name on the label's title
    assert!(shown.starts_with("4:00") && shown.contains("4:30") && shown.ends_with(" UTC\u{2212}4"), "{shown}");
    let title = "return document.querySelector('.timetable .session-time .tz').title";
    assert_eq!(driver.script(title), "America/New_York");
    // the band of a long pause (11:00–12:00 in Berlin, 06:00–07:00 in New York) follows the switch too
    let band = driver.script("return document.querySelector('.tt-gap span').textContent");
    let band = band.as_str().unwrap();
    assert!(band.starts_with("6:00") && band.contains("7:00") && band.contains("UTC\u{2212}4"), "{band}");
    driver.script("document.querySelector('.tz-toggle').click(); return null");
    assert!(driver.script(first).as_str().unwrap().ends_with("UTC+1"));
    assert_eq!(driver.script(title), "");
    // a week later nothing is marked
    cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": clock_at("2024-04-07T10:00:00+02:00") }));
    driver.session_call("POST", "/url", Some(json!({ "url": page })));
    driver.wait_until("the switch", "return !!document.querySelector('.tz-toggle')");
    assert_eq!(driver.script("return document.querySelectorAll('.is-now, .is-next').length"), 0);
}

/// A cancelled session is never "now" or "next" in the browser, though the clock is inside
/// it: at 09:45 in Berlin, with Leaders (09:30–10:15) called off, only Teachers runs; at
/// 09:10, Teachers alone is next (Leaders, starting with it, is not).
#[test]
fn browser_now_and_next_pass_over_a_cancelled_session() {
    let Some((chromium, chromedriver)) = browser("browser_now_and_next_pass_over_a_cancelled_session") else {
        return;
    };
    let s = summit();
    super::common::set(&s, "content/forums/leaders.md", "room: Hall B", "room: Hall B\nstatus: cancelled");
    s.build_ok(&[]);
    let page = format!("file://{}", s.public().join("programme/index.html").display());
    let driver = start_driver(chromium, chromedriver);
    let cdp = |cmd: &str, params: serde_json::Value| {
        driver.session_call("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })))
    };
    let marked = |class: &str| {
        driver.script(&format!(
            "return [...document.querySelectorAll('.timetable .{class} a')].map(a => a.textContent).join(',')"
        ))
    };
    cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": clock_at("2024-03-30T09:45:00+01:00") }));
    driver.session_call("POST", "/url", Some(json!({ "url": page })));
    driver.wait_until("the switch", "return !!document.querySelector('.tz-toggle')");
    assert_eq!(marked("is-cancelled"), "Leaders");
    assert_eq!(marked("is-now"), "Teachers");
    assert_eq!(marked("is-next"), "Lunch");
    assert_eq!(
        driver.script("return document.querySelectorAll('.is-cancelled .badge, .is-cancelled[aria-current]').length"),
        0
    );
    cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": clock_at("2024-03-30T09:10:00+01:00") }));
    driver.session_call("POST", "/url", Some(json!({ "url": page })));
    driver.wait_until("the switch", "return !!document.querySelector('.tz-toggle')");
    assert_eq!(marked("is-now"), "Opening");
    assert_eq!(marked("is-next"), "Teachers");
}

/// The summit with a forum "Night" on `date` from `start` to `end` in Hall A, its programme
/// open in Chromium with the reader in `zone` (the site is kept alive beside the driver);
/// `None`, skipped, without Chromium.
fn programme_with_night(
    test: &str,
    date: &str,
    start: &str,
    end: &str,
    zone: &str,
) -> Option<(TestSite, super::common::browser::Driver)> {
    let (chromium, chromedriver) = browser(test)?;
    let s = summit();
    let front = format!("title: Night\ndate: {date}\nstart: \"{start}\"\nend: \"{end}\"\nroom: Hall A");
    s.write("content/forums/night.md", &format!("---\n{front}\n---\n"));
    s.build_ok(&[]);
    let page = format!("file://{}", s.public().join("programme/index.html").display());
    let driver = start_driver(chromium, chromedriver);
    let zone = json!({ "cmd": "Emulation.setTimezoneOverride", "params": { "timezoneId": zone } });
    driver.session_call("POST", "/goog/cdp/execute", Some(zone));
    driver.session_call("POST", "/url", Some(json!({ "url": page })));
    driver.wait_until("the switch", "return !!document.querySelector('.tz-toggle')");
    Some((s, driver))
}

/// Read on the reader's clock, a session that ends on the reader's next day names that day
/// after its end, as the event's clock marks an end past midnight: 20:00–01:00 in Berlin is
/// 22:00–03:00 in Moscow, ending on 31 March; one within a day names none.
#[test]
fn browser_readers_clock_names_the_day_an_end_falls_on() {
    let test = "browser_readers_clock_names_the_day_an_end_falls_on";
    let Some((_site, driver)) = programme_with_night(test, "2024-03-30", "20:00", "25:00", "Europe/Moscow") else {
        return;
    };
    let time = |title: &str| {
        driver.script(&format!(
            "return [...document.querySelectorAll('.timetable .session')].find(s => s.querySelector('a').textContent === '{title}').querySelector('.session-time time').textContent"
        ))
    };
    // the event's clock marks the end as the next day's
    assert_eq!(time("Night"), "8:00\u{202f}pm\u{a0}– 1:00\u{202f}am (next day)");
    driver.script("document.querySelector('.tz-toggle').click(); return null");
    let night = time("Night");
    let night = night.as_str().unwrap();
    // ("Mar 31" or "31 Mar", as the browser writes English)
    let day = night.rsplit_once(" (").map(|(_, d)| d);
    assert!(night.starts_with("10:00") && night.contains("3:00"), "{night}");
    assert!(day.is_some_and(|d| d.contains("31") && d.contains("Mar") && d.ends_with(')')), "{night}");
    let teachers = time("Teachers");
    assert!(!teachers.as_str().unwrap().contains('('), "{teachers}");
}

/// A session across the night the clocks change, read in a zone whose clocks change within it
/// too: the switch names both of the reader's offsets, as the page names both of the event's.
#[test]
fn browser_time_zone_switch_names_both_offsets_across_a_change_of_the_readers_clocks() {
    let test = "browser_time_zone_switch_names_both_offsets_across_a_change_of_the_readers_clocks";
    // 01:30–03:30 in Berlin (UTC+1, then UTC+2): 00:30–01:30 UTC, when London goes from UTC to UTC+1
    let Some((_site, driver)) = programme_with_night(test, "2024-03-31", "01:30", "03:30", "Europe/London") else {
        return;
    };
    let label = "return [...document.querySelectorAll('.programme-list .session')].find(e => e.textContent.includes('Night')).querySelector('.tz').textContent";
    assert_eq!(driver.script(label), "UTC+1 \u{2192} UTC+2");
    driver.script("document.querySelector('.tz-toggle').click(); return null");
    assert_eq!(driver.script(label), "UTC \u{2192} UTC+1");
}
