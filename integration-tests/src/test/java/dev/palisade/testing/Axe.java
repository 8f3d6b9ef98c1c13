package dev.palisade.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (the console's own npm copy, {@code palisade.axe}) run in the page a browser shows,
 * against WCAG 2 A and AA, limited to the elements a CSS selector names: Palisade's content,
 * not the shell around it that Keycloak ships.
 */
public final class Axe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** One rule broken: its id, what it asks for, and the elements that break it. */
  public record Violation(String id, String impact, String help, List<String> targets) {

    @Override
    public String toString() {
      return id + " (" + impact + ": " + help + ") at " + targets;
    }
  }

  private Axe() {
  }

  /** The WCAG 2 A/AA violations inside the elements {@code selectors} name. */
  public static List<Violation> violations(WebDriver driver, String... selectors) {
    JavascriptExecutor page = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(page.executeScript("return typeof window.axe === 'object';"))) {
      page.executeScript(source());
    }
    driver.manage().timeouts().scriptTimeout(PATIENCE);
    Object answer = page.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        window.axe.run({include: arguments[0]},
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations']})
          .then(result => done(JSON.stringify(result.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.map(n => n.target.join(' '))})))))
          .catch(error => done('axe failed: ' + error));
        """, List.of(selectors));
    String json = String.valueOf(answer);
    if (json.startsWith("axe failed")) {
      throw new IllegalStateException(json);
    }
    try {
      return JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() { }).stream()
          .map(Axe::violation).toList();
    } catch (IOException e) {
      throw new IllegalStateException("unreadable axe result: " + json, e);
    }
  }

  /** The violations as an assertion message: one line per rule. */
  public static String describe(List<Violation> violations) {
    return violations.stream().map(Violation::toString).collect(Collectors.joining("\n  ",
        violations.size() + " accessibility violation(s):\n  ", ""));
  }

  @SuppressWarnings("unchecked")
  private static Violation violation(Map<String, Object> v) {
    return new Violation((String) v.get("id"), String.valueOf(v.get("impact")),
        (String) v.get("help"), (List<String>) v.get("targets"));
  }

  private static String source() {
    String location = System.getProperty("palisade.axe");
    if (location == null) {
      throw new IllegalStateException("palisade.axe is not set: run the tests through Maven"
          + " (integration-tests/pom.xml), which points it at the console's axe-core");
    }
    Path file = Path.of(location);
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(file + " is missing: the console's npm install brings"
          + " axe-core (themes/console/package.json)");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
