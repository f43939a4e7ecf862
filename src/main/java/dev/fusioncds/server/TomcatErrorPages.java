package dev.fusioncds.server;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Errors Tomcat answers itself, before any filter runs (a malformed request line or header): no
 * server name or version, no report, and {@code X-Content-Type-Options: nosniff} like every other
 * response. A host with an ErrorReportValve in its pipeline does not add its default one.
 */
@Component
class TomcatErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.getPipeline().addValve(new QuietErrorReportValve());
			}
		});
	}

	static final class QuietErrorReportValve extends ErrorReportValve {

		QuietErrorReportValve() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			response.setHeader("X-Content-Type-Options", "nosniff");
			super.report(request, response, throwable);
		}
	}
}
