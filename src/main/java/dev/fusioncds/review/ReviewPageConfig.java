package dev.fusioncds.review;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The clinicians' review page: static files from the jar ({@code static/review/}), at {@code /review/}
 * and {@code /review}. They hold no patient data and need no token; every datum comes from
 * {@code /fhir}, which the browser calls with the user's token and which keeps its own checks.
 */
@Configuration
class ReviewPageConfig implements WebMvcConfigurer {

	static final String PATH = "/review";

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		// the page refers to its files by absolute path, so both forms serve it as is
		registry.addViewController(PATH).setViewName("forward:" + PATH + "/index.html");
		registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
	}

	@Bean
	FilterRegistrationBean<ReviewPageHeaders> reviewPageHeaders() {
		FilterRegistrationBean<ReviewPageHeaders> registration = new FilterRegistrationBean<>(new ReviewPageHeaders());
		registration.addUrlPatterns(PATH, PATH + "/*");
		return registration;
	}
}
