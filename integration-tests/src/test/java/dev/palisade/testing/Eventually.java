package dev.palisade.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for state the server settles after it answered (sealed audit records, mail, container
 * logs) by asking again until it holds or a deadline passes; never a fixed sleep.
 */
public final class Eventually {

  /** Long enough for anything the server does in the background, on a loaded CI machine. */
  public static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Duration EVERY = Duration.ofMillis(200);

  private Eventually() {
  }

  /** The first value of {@code value} that satisfies {@code condition}, asked every 200 ms. */
  public static <T> T until(Duration within, Supplier<T> value, Predicate<? super T> condition) {
    return until("the condition", within, EVERY, value, condition);
  }

  /** As {@link #until(Duration, Supplier, Predicate)}; {@code what} names it in the failure. */
  public static <T> T until(String what, Duration within, Supplier<T> value,
      Predicate<? super T> condition) {
    return until(what, within, EVERY, value, condition);
  }

  /**
   * Asks {@code value} every {@code every} until {@code condition} holds and returns that value;
   * after {@code within} fails, naming {@code what} and the last value seen. An exception from
   * {@code value} fails at once.
   */
  public static <T> T until(String what, Duration within, Duration every, Supplier<T> value,
      Predicate<? super T> condition) {
    long deadline = System.nanoTime() + within.toNanos();
    int asked = 0;
    while (true) {
      T last = value.get();
      asked++;
      if (condition.test(last)) {
        return last;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + within.toMillis() + " ms (" + asked + " times) for "
            + what + "; the last value was: " + last);
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
