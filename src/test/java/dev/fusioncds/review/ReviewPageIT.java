package dev.fusioncds.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The review page in a real browser: Debian's chromium driven headless by chromedriver. A clinician
 * finds a stored patient's suggestion, rejects it with a reason and a comment by clicking and typing,
 * and the Task in the store says so. Without chromium this fails (CI installs it), it never skips.
 */
@FusionServerIT
class ReviewPageIT {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");
	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
	static final Path SCREENSHOT = Path.of("target/screenshots/review-page.png");
	static final Path GAPS_SCREENSHOT = Path.of("target/screenshots/screening-gaps.png");
	static final String REASONS = "https://fusion-cds.dev/fhir/CodeSystem/override-reason";

	static Path profile;
	static ChromeDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() throws IOException {
		assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
				.as("the browser test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does)")
				.isTrue();
		profile = Files.createTempDirectory("review-chromium");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
				"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
		browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
		browser.manage().window().setSize(new Dimension(1280, 900));
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
			}
		}
	}

	@Test
	void aClinicianRejectsASuggestionWithAReasonAndTheStoredTaskRecordsIt() throws IOException {
		FhirHttp http = new FhirHttp(port);
		for (String demo : List.of("02-paad-slc3a2-nrg1.json", "05-cholangiocarcinoma-dna-only-negative.json")) {
			assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, demoBundle(demo)).statusCode()).isEqualTo(200);
		}
		String patient = TestReports.storedNsclcCd74Nrg1(http, "review-page");
		String task = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient).get(0).getIdElement().getIdPart();

		browser.get("http://127.0.0.1:" + port + "/review/");
		WebElement card = waitFor(By.cssSelector("article.card[data-task='" + task + "']"));
		assertThat(card.findElement(By.tagName("h4")).getText()).contains("zenocutuzumab");
		assertThat(card.findElement(By.cssSelector(".badge.kind-therapy")).getText()).isEqualTo("Targeted therapy");
		assertThat(card.findElements(By.cssSelector(".detail a[href^='https://']"))).isNotEmpty();
		assertThat(card.findElement(By.cssSelector(".detail")).getText()).contains("Evidence level:");
		WebElement section = card.findElement(By.xpath("ancestor::section[contains(@class,'patient')]"));
		assertThat(section.findElement(By.tagName("h3")).getText()).isEqualTo("Alex Lung-Demo");
		assertThat(section.getText()).contains("born 1961-04-02");

		card.findElement(By.cssSelector("button.reject")).click();
		new Select(card.findElement(By.cssSelector("select[name='reason']"))).selectByValue("not-clinically-appropriate");
		card.findElement(By.cssSelector("textarea[name='comment']")).sendKeys("ECOG 3 after the last cycle");
		screenshot(SCREENSHOT);
		card.findElement(By.cssSelector("button.confirm-reject")).click();

		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
				By.cssSelector("article.card[data-task='" + task + "'] .task-status"), "rejected"));
		assertThat(browser.findElement(By.id("status")).getText()).startsWith("Suggestion rejected");
		Task stored = http.parse(Task.class, http.get("/fhir/Task/" + task));
		assertThat(stored.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
		assertThat(stored.getStatusReason().getCodingFirstRep().getSystem()).isEqualTo(REASONS);
		assertThat(stored.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("not-clinically-appropriate");
		assertThat(stored.getNote()).extracting(Annotation::getText).last().asString()
				.startsWith("Rejected through $feedback at ").endsWith(": ECOG 3 after the last cycle");
	}

	@Test
	void theScreeningGapsViewChartsTheCountsAndListsAnUntestedPatient() throws IOException {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.newPatientId("review-gap");
		String untested = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
				+ "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"" + patient + "\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + patient + "\"}},"
				+ "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"" + patient + "-dx\",\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
				+ "\"code\":{\"text\":\"Pancreatic ductal adenocarcinoma, metastatic\"}},\"request\":{\"method\":\"PUT\",\"url\":\"Condition/" + patient + "-dx\"}}]}";
		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, untested).statusCode()).isEqualTo(200);

		browser.get("http://127.0.0.1:" + port + "/review/");
		browser.findElement(By.id("tab-gaps")).click();
		new WebDriverWait(browser, Duration.ofSeconds(30))
				.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#gap-tumor option[value='PAAD']")));
		new Select(browser.findElement(By.id("gap-tumor"))).selectByValue("PAAD");
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("gap-list"), patient));

		List<WebElement> rows = browser.findElements(By.xpath("//tbody[@id='gap-list']/tr[contains(., '" + patient + "')]"));
		assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row.getText()).contains("No fusion test").contains("RNA-based NGS"));
		assertThat(browser.findElement(By.cssSelector("#gap-chart svg")).getText()).contains("Pancreatic adenocarcinoma");
		assertThat(browser.findElement(By.id("gap-counts")).getAttribute("textContent")).contains("Pancreatic adenocarcinoma");
		screenshot(GAPS_SCREENSHOT);
	}

	@Test
	void theRejectFormIsOperableByKeyboardAlone() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.storedNsclcCd74Nrg1(http, "review-keys");
		String task = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient).get(0).getIdElement().getIdPart();

		browser.get("http://127.0.0.1:" + port + "/review");
		WebElement card = waitFor(By.cssSelector("article.card[data-task='" + task + "']"));
		card.findElement(By.cssSelector("button.reject")).sendKeys(Keys.ENTER);
		WebElement reason = browser.switchTo().activeElement();
		assertThat(reason.getAttribute("name")).isEqualTo("reason");
		reason.sendKeys("Patient declined");
		reason.sendKeys(Keys.TAB);
		browser.switchTo().activeElement().sendKeys("Wants a second opinion first");
		browser.switchTo().activeElement().sendKeys(Keys.TAB);
		browser.switchTo().activeElement().sendKeys(Keys.ENTER);

		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
				By.cssSelector("article.card[data-task='" + task + "'] .task-status"), "rejected — Patient declined"));
		assertThat(http.parse(Task.class, http.get("/fhir/Task/" + task)).getStatusReason().getCodingFirstRep().getCode())
				.isEqualTo("patient-declined");
	}

	@Test
	void storedTextIsShownAsTextNeverAsMarkupOrScript() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.storedNsclcCd74Nrg1(http, "review-xss");
		Task hostile = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient).get(0);
		hostile.getNote().get(0).setText("<img src=x onerror=\"document.title='owned'\"> **bold** "
				+ "[click](javascript:document.title='owned') [source](https://example.org/a?b=1&c=2)");
		assertThat(http.put("/fhir/Task/" + hostile.getIdElement().getIdPart(), hostile).statusCode()).isEqualTo(200);

		browser.get("http://127.0.0.1:" + port + "/review/");
		WebElement card = waitFor(By.cssSelector("article.card[data-task='" + hostile.getIdElement().getIdPart() + "']"));
		WebElement detail = card.findElement(By.cssSelector(".detail"));

		assertThat(detail.findElements(By.tagName("img"))).isEmpty();
		assertThat(detail.getText()).contains("<img src=x onerror=").contains("[click](javascript:");
		assertThat(detail.findElement(By.tagName("strong")).getText()).isEqualTo("bold");
		assertThat(detail.findElements(By.tagName("a"))).singleElement()
				.extracting(a -> a.getAttribute("href")).isEqualTo("https://example.org/a?b=1&c=2");
		assertThat(browser.getTitle()).isEqualTo("Fusion CDS — review");
	}

	@Test
	void thePageIsServedFromTheJarAtBothAddressesAndMayRunOnlyItsOwnScripts() {
		FhirHttp http = new FhirHttp(port);

		for (String path : List.of("/review/", "/review")) {
			var page = http.get(path, "text/html");
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
			assertThat(page.body()).contains("<title>Fusion CDS — review</title>").contains("src=\"/review/review.js\"");
			assertThat(page.headers().firstValue("Content-Security-Policy")).contains(ReviewPageHeaders.POLICY);
		}
		var script = http.get("/review/markdown.js", "*/*");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).get().asString().startsWith("text/javascript");
	}

	private WebElement waitFor(By locator) {
		return new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/** The whole page, not just the window, for the README. */
	@SuppressWarnings("unchecked")
	private static void screenshot(Path file) throws IOException {
		Map<String, Object> size = (Map<String, Object>) browser.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
		Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
		Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
		Files.createDirectories(file.getParent());
		Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
	}

	private static String demoBundle(String name) throws IOException {
		try (InputStream in = ReviewPageIT.class.getResourceAsStream("/fhir-profiles/examples/demo/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
