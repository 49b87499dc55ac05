import FoundationEssentials
import FoundationInternationalization

/// Time zones by name (`Europe/Amsterdam`), for schedules and the `timezone` setting.
///
/// FoundationEssentials' `TimeZone(identifier:)` finds named zones through
/// FoundationInternationalization's ICU zones, by type name at run time. qctl links neither
/// Foundation nor anything else that references those, so in the static release build they
/// would be left out and every name but GMT refused; ``rulesVersion`` is the reference that
/// keeps them (and tells the user which rules are built in).
public enum NamedTimeZone {
    /// The zone called `identifier`, or nil when the rules do not know it.
    public static func named(_ identifier: String) -> TimeZone? {
        TimeZone(identifier: identifier)
    }

    /// The version of the built-in time zone rules, such as "2025b".
    public static var rulesVersion: String { TimeZone.timeZoneDataVersion }
}
