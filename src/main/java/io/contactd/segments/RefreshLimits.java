package io.contactd.segments;

/**
 * How many manual refreshes ({@code POST /segments/2.0/refresh/{id}}) are allowed: per segment per
 * day, per segment per hour, per account per day, the days in the time zone the request names.
 * {@link #OFF} checks none (a development setting). Written on the command line as {@code 2/1/10}
 * (the three numbers in that order) or {@code off}.
 */
public record RefreshLimits(int perSegmentPerDay, int perSegmentPerHour, int perAccountPerDay) {
  /** SendGrid's: 2 per segment per day, 1 per segment per hour, 10 per account per day. */
  public static final RefreshLimits SENDGRID = new RefreshLimits(2, 1, 10);

  public static final RefreshLimits OFF = new RefreshLimits(-1, -1, -1);

  public boolean off() {
    return perSegmentPerDay < 0;
  }

  /** {@code off}, or three numbers ≥ 1 separated by {@code /}. */
  public static RefreshLimits parse(String option, String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("off")) {
      return OFF;
    }
    String[] parts = v.split("/");
    if (parts.length == 3) {
      try {
        int day = Integer.parseInt(parts[0].trim());
        int hour = Integer.parseInt(parts[1].trim());
        int account = Integer.parseInt(parts[2].trim());
        if (day >= 1 && hour >= 1 && account >= 1) {
          return new RefreshLimits(day, hour, account);
        }
      } catch (NumberFormatException e) {
        // falls through to the one message below
      }
    }
    throw new IllegalArgumentException(
        option
            + " must be off or PER_SEGMENT_PER_DAY/PER_SEGMENT_PER_HOUR/PER_ACCOUNT_PER_DAY"
            + " (numbers >= 1, e.g. 2/1/10), was "
            + value);
  }

  @Override
  public String toString() {
    return off() ? "off" : perSegmentPerDay + "/" + perSegmentPerHour + "/" + perAccountPerDay;
  }
}
