package dev.palisade.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A tenant's admin console and account console in {@link ChromiumBrowser}: signing in with a
 * password and an authenticator app, accepting an emailed invitation, moving between
 * Palisade's pages, and finding their elements by {@code data-testid}. Every wait polls until
 * a deadline; a wait that runs out fails with the page's address and visible text.
 */
public final class ConsolePages {

  /** Long enough for the console's first load (its scripts, a token, the realm) on CI. */
  public static final Duration PATIENCE = Duration.ofSeconds(45);
  /** Wide enough that the console shows its navigation beside the page, not in a drawer. */
  private static final Dimension WINDOW = new Dimension(1440, 1200);

  private final PalisadeInstance server;
  private final ChromeDriver driver;
  private final String tenant;

  public ConsolePages(PalisadeInstance server, ChromiumBrowser browser, String tenant) {
    this.server = server;
    this.driver = browser.driver();
    this.tenant = tenant;
    driver.manage().window().setSize(WINDOW);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** The tenant's admin console, as its owner opens it. */
  public String consoleUrl() {
    return server.baseUrl() + "/admin/" + tenant + "/console/";
  }

  /** A page of the tenant's account console, e.g. {@code palisade/permissions}. */
  public String accountUrl(String path) {
    return server.baseUrl() + "/realms/" + tenant + "/account/" + path;
  }

  /** Opens the admin console, signs in with password and code, waits for Palisade's nav. */
  public ConsolePages signInToConsole(String username, String password, Totp totp) {
    driver.get(consoleUrl());
    signInOnLoginPage(username, password, totp);
    awaitConsole();
    return this;
  }

  /** Opens a page of the account console and signs in with password and code. */
  public ConsolePages signInToAccount(String path, String username, String password, Totp totp) {
    driver.get(accountUrl(path));
    signInOnLoginPage(username, password, totp);
    return this;
  }

  /** On Keycloak's sign-in page: username and password, then a fresh code of the app. */
  public void signInOnLoginPage(String username, String password, Totp totp) {
    type(awaitVisible(By.id("username")), username);
    type(driver.findElement(By.id("password")), password);
    click(By.id("kc-login"));
    type(awaitVisible(By.id("otp")), totp.unused());
    click(By.id("kc-login"));
  }

  /** Waits until the admin console shows Palisade's navigation group. */
  public WebElement awaitConsole() {
    return awaitVisible(testId("palisade-nav"));
  }

  /** Follows Palisade's nav link to {@code page} (members, second-factors, audit, catalogue). */
  public void openPage(String page) {
    click(testId("nav-item-palisade-" + page));
    await(ExpectedConditions.urlContains("/palisade/" + page), "the " + page + " page");
  }

  // --- The invitation: the emailed link, a password, an authenticator app -------------------

  /**
   * The emailed link on the server the tests reach: the container cannot know which port the
   * host maps to it, so the link's scheme and authority are the test host's, its path and
   * query (the action token) as sent.
   */
  public URI onTestHost(URI emailed) {
    URI base = URI.create(server.baseUrl());
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + emailed.getRawPath()
        + (emailed.getRawQuery() == null ? "" : "?" + emailed.getRawQuery()));
  }

  /** What accepting an invitation gave the person, and the pages it went through. */
  public record Acceptance(Totp app, List<String> steps) {
  }

  /**
   * Opens an invitation link and follows it to the admin console as the invited person would:
   * whatever confirmation page comes first, a new password (after {@code atPasswordForm} has
   * seen the form), an authenticator app (Palisade's factor choice, then Keycloak's setup page
   * in its "unable to scan" mode, whose Base32 secret is what a person types into the app),
   * the recovery codes, an "account updated" page's link to the console, and the console's own
   * sign-in with the new password and app if the invitation signed nobody in. The order of the
   * steps is the server's; each is taken when its page shows.
   */
  public Acceptance acceptInvitation(URI link, String username, String password,
      Runnable atPasswordForm) {
    driver.get(link.toString());
    List<String> steps = new ArrayList<>();
    Totp app = null;
    By nav = testId("palisade-nav");
    By newPassword = By.id("password-new");
    By factorChoice = By.id("palisade-factor-otp");
    By appSetup = By.id("kc-totp-settings-form");
    By recoveryCodes = By.id("kcRecoveryCodesConfirmationCheck");
    By code = By.id("otp");
    By signIn = By.id("username");
    By toConsole = By.cssSelector("a[href*='/admin/" + tenant + "/console/']");
    By onward = By.cssSelector("a[href*='action-token']");
    List<By> pages = List.of(nav, newPassword, factorChoice, appSetup, recoveryCodes, code,
        signIn, toConsole, onward);
    while (true) {
      await(ExpectedConditions.or(pages.stream().map(ExpectedConditions::visibilityOfElementLocated)
          .toArray(ExpectedCondition[]::new)),
          "the next page of the invitation after " + steps);
      if (present(nav)) {
        return new Acceptance(app, steps);
      }
      if (steps.size() == 12) {
        throw new AssertionError("no admin console after " + steps);
      }
      WebElement leaving = driver.findElement(By.tagName("body"));
      if (present(newPassword)) {
        steps.add("new password");
        atPasswordForm.run();
        type(driver.findElement(newPassword), password);
        type(driver.findElement(By.id("password-confirm")), password);
        click(By.cssSelector("#kc-passwd-update-form [type=submit]"));
      } else if (present(factorChoice)) {
        steps.add("factor choice");
        click(factorChoice);
      } else if (present(appSetup)) {
        steps.add("authenticator app");
        app = enrolShownApp();
      } else if (present(recoveryCodes)) {
        steps.add("recovery codes");
        click(recoveryCodes);
        click(By.id("saveRecoveryAuthnCodesBtn"));
      } else if (present(code)) {
        steps.add("code prompt");
        type(driver.findElement(code), app.unused());
        click(By.id("kc-login"));
      } else if (present(signIn)) {
        steps.add("sign-in page");
        type(driver.findElement(signIn), username);
        type(driver.findElement(By.id("password")), password);
        click(By.id("kc-login"));
      } else if (present(toConsole)) {
        steps.add("link to the console");
        click(toConsole);
      } else {
        steps.add("confirmation page");
        click(onward);
      }
      // Every step ends on another page; acting again before it replaced this one would not.
      await(ExpectedConditions.stalenessOf(leaving), "the page after the " + steps.get(steps.size() - 1));
    }
  }

  private boolean present(By locator) {
    return driver.findElements(locator).stream().anyMatch(WebElement::isDisplayed);
  }

  /** On Keycloak's app setup page: the "unable to scan" secret, a code of it, a label. */
  private Totp enrolShownApp() {
    click(By.id("mode-manual"));
    String shown = awaitVisible(By.id("kc-totp-secret-key")).getText();
    Totp app = new Totp(base32(shown), Clock.systemUTC());
    type(driver.findElement(By.id("totp")), app.unused());
    type(driver.findElement(By.id("userLabel")), "phone");
    click(By.id("saveTOTPBtn"));
    await(ExpectedConditions.not(ExpectedConditions.presenceOfElementLocated(
        By.id("kc-totp-settings-form"))), "the authenticator app accepted");
    return app;
  }

  /** Presses Escape where the focus is, as a person closes a dialog or a menu. */
  public void pressEscape() {
    new Actions(driver).sendKeys(Keys.ESCAPE).perform();
  }

  /** Closes the open dialog with Escape and waits until it is gone. */
  public void closeDialog() {
    By dialog = By.cssSelector("[role=dialog]");
    if (!driver.findElements(dialog).isEmpty()) {
      pressEscape();
    }
    awaitGone(dialog);
  }

  // --- Elements -------------------------------------------------------------------------------

  /** The element whose {@code data-testid} is {@code id}. */
  public static By testId(String id) {
    return By.cssSelector("[data-testid=\"" + id + "\"]");
  }

  /** Every element whose {@code data-testid} starts with {@code prefix}. */
  public static By testIdsStartingWith(String prefix) {
    return By.cssSelector("[data-testid^=\"" + prefix + "\"]");
  }

  public WebElement awaitVisible(String testId) {
    return awaitVisible(testId(testId));
  }

  public WebElement awaitVisible(By locator) {
    return await(ExpectedConditions.visibilityOfElementLocated(locator), locator.toString());
  }

  public void awaitGone(By locator) {
    await(ExpectedConditions.invisibilityOfElementLocated(locator), "no " + locator);
  }

  /** Whether the page has an element with this {@code data-testid} now. */
  public boolean has(String testId) {
    return !driver.findElements(testId(testId)).isEmpty();
  }

  /** Waits until {@code condition} holds; fails with what the page shows. */
  public <T> T await(Function<WebDriver, T> condition, String what) {
    try {
      return new WebDriverWait(driver, PATIENCE)
          .ignoring(StaleElementReferenceException.class)
          .ignoring(NoSuchElementException.class)
          .until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + " on "
          + driver.getCurrentUrl() + "; the page shows: " + visibleText(), e);
    }
  }

  public void click(String testId) {
    click(testId(testId));
  }

  /** Clicks once the element can take the click (not covered by a closing dialog, a spinner). */
  public void click(By locator) {
    await(ExpectedConditions.elementToBeClickable(locator), "a clickable " + locator);
    await(page -> {
      try {
        page.findElement(locator).click();
        return true;
      } catch (ElementClickInterceptedException covered) {
        return null;
      }
    }, "a click on " + locator);
  }

  /**
   * Sets a filter or form field: a text input is emptied and typed into (as keys, so React
   * sees the change); a native select gets the option whose value, or else text, is
   * {@code value}.
   */
  public void fill(String testId, String value) {
    WebElement field = awaitVisible(testId);
    if (field.getTagName().equals("select")) {
      Select select = new Select(field);
      try {
        select.selectByValue(value);
      } catch (NoSuchElementException byText) {
        select.selectByVisibleText(value);
      }
    } else {
      type(field, value);
    }
  }

  /**
   * The choices a select offers, lower-cased: the option values (and texts) of a native
   * select, or the items of the menu a PatternFly select opens (closed again afterwards).
   */
  public List<String> choicesOf(String testId) {
    WebElement field = awaitVisible(testId);
    List<String> choices = new ArrayList<>();
    if (field.getTagName().equals("select")) {
      for (WebElement option : new Select(field).getOptions()) {
        choices.add(option.getAttribute("value").toLowerCase(Locale.ROOT));
        choices.add(option.getText().trim().toLowerCase(Locale.ROOT));
      }
      return choices;
    }
    click(testId(testId));
    By items = By.cssSelector("[role=listbox] [role=option], [role=menu] [role=menuitem]");
    await(ExpectedConditions.visibilityOfElementLocated(items), "the choices of " + testId);
    for (WebElement item : driver.findElements(items)) {
      choices.add(item.getText().trim().toLowerCase(Locale.ROOT));
    }
    pressEscape();
    return choices;
  }

  private static void type(WebElement field, String text) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    field.sendKeys(text);
  }

  /** What the page shows, shortened for an assertion message. */
  public String visibleText() {
    try {
      String text = driver.findElement(By.tagName("body")).getText().replaceAll("\\s+", " ");
      return text.length() > 2_000 ? text.substring(0, 2_000) + "…" : text;
    } catch (RuntimeException e) {
      return "(unreadable: " + e + ")";
    }
  }

  // --- Pictures and checks of a whole page ----------------------------------------------------

  /** Saves what the browser shows to {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    Path directory = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the screenshot " + name, e);
    }
  }

  /**
   * The selector of the page's own content: the admin console's main container, or the
   * account console's {@code <main>}; the masthead and navigation around it are Keycloak's.
   */
  public String mainContent() {
    return driver.findElements(By.id("kc-main-content-page-container")).isEmpty()
        ? "main" : "#kc-main-content-page-container";
  }

  /** axe's WCAG 2 A/AA violations in {@link #mainContent()}. */
  public List<Axe.Violation> accessibilityViolations() {
    return Axe.violations(driver, mainContent());
  }

  /** RFC 4648 Base32, as Keycloak shows an app's secret: grouped by spaces, no padding. */
  static byte[] base32(String shown) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : shown.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT).toCharArray()) {
      int value = alphabet.indexOf(c);
      if (value < 0) {
        throw new AssertionError("not a Base32 secret: " + shown);
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bytes.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return bytes.toByteArray();
  }
}
