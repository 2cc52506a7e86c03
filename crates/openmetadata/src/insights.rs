//! Data insights (data_insight_mixin): report data, aggregated charts, KPIs and their
//! results, web analytic events; and entity profiles listed by type (profile_mixin).

use openmetadata_types::analytics::basic::WebAnalyticEventType;
use openmetadata_types::analytics::report_data::{ReportData, ReportDataType};
use openmetadata_types::analytics::web_analytic_event_data::WebAnalyticEventData;
use openmetadata_types::api::data_insight::kpi::create_kpi_request::CreateKpiRequest;
use openmetadata_types::data_insight::data_insight_chart_result::{
    DataInsightChartResult, DataInsightChartType,
};
use openmetadata_types::data_insight::kpi::basic::KpiResult;
use openmetadata_types::data_insight::kpi::kpi::Kpi;
use openmetadata_types::type_::entity_profile::{EntityProfile, ProfileTypeEnum};
use reqwest::Method;
use serde_json::Value;

use crate::assets::{TimeRange, body};
use crate::client::OpenMetadata;
use crate::error::Result;
use crate::fqn::path_segment;

impl OpenMetadata {
    /// Stores one report data record (what the data insights pipeline computes).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::analytics::report_data::ReportData;
    /// let record: ReportData = serde_json::from_value(serde_json::json!({
    ///     "timestamp": 1_700_000_000_000_i64, "reportDataType": "entityReportData",
    ///     "data": {"entityType": "table", "entityCount": 12, "completedDescriptions": 7}
    /// })).unwrap();
    /// om.add_data_insight_report_data(&record).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_data_insight_report_data(&self, record: &ReportData) -> Result<ReportData> {
        self.call(
            Method::POST,
            "/analytics/dataInsights/data",
            &[],
            body(record)?,
        )
        .await?
        .json()
    }

    /// Report data of one type in a time window.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::analytics::report_data::ReportDataType;
    /// let all = openmetadata::TimeRange { start: 0, end: i64::MAX };
    /// let records = om.get_data_insight_report_data(all, ReportDataType::EntityReportData).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_data_insight_report_data(
        &self,
        range: TimeRange,
        kind: ReportDataType,
    ) -> Result<Vec<ReportData>> {
        let mut query = range.query();
        query.push(("reportDataType", kind.to_string()));
        self.list_data("/analytics/dataInsights/data", &query).await
    }

    /// Deletes the report data of one type on one day (`YYYY-MM-DD`, UTC).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::analytics::report_data::ReportDataType;
    /// om.delete_report_data_at_date(ReportDataType::EntityReportData, "2026-11-01").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_report_data_at_date(&self, kind: ReportDataType, date: &str) -> Result<()> {
        let path = format!("/analytics/dataInsights/data/{kind}/{}", path_segment(date));
        self.call(Method::DELETE, &path, &[], None)
            .await
            .map(|_| ())
    }

    /// Deletes every report data record of one type.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::analytics::report_data::ReportDataType;
    /// om.delete_report_data(ReportDataType::RawCostAnalysisReportData).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_report_data(&self, kind: ReportDataType) -> Result<()> {
        let path = format!("/analytics/dataInsights/data/{kind}");
        self.call(Method::DELETE, &path, &[], None)
            .await
            .map(|_| ())
    }

    /// A data insight chart over a time window, aggregated from the report data in `index`;
    /// `extra` adds query parameters (filters) the server understands.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::data_insight::data_insight_chart_result::DataInsightChartType;
    /// let all = openmetadata::TimeRange { start: 0, end: i64::MAX };
    /// let chart = om.get_aggregated_data_insight_results(
    ///     all, DataInsightChartType::MostActiveUsers, "web_analytic_user_activity_report_data_index", &[]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_aggregated_data_insight_results(
        &self,
        range: TimeRange,
        chart: DataInsightChartType,
        index: &str,
        extra: &[(&str, String)],
    ) -> Result<DataInsightChartResult> {
        let mut query = range.query();
        query.push(("dataInsightChartName", chart.to_string()));
        query.push(("dataReportIndex", index.to_string()));
        query.extend(extra.iter().cloned());
        self.call(
            Method::GET,
            "/analytics/dataInsights/charts/aggregate",
            &query,
            None,
        )
        .await?
        .json()
    }

    /// Creates a KPI on one of the system KPI charts.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::data_insight::kpi::create_kpi_request::{CreateKpiRequest, DataInsightChart};
    /// use openmetadata::types::data_insight::kpi::basic::KpiTargetType;
    /// let request = CreateKpiRequest::new("described", "Half the assets described.",
    ///     DataInsightChart::PercentageOfDataAssetWithDescriptionKpi, 0_i64, 1_900_000_000_000_i64, 50.0, KpiTargetType::PERCENTAGE);
    /// let kpi = om.create_kpi(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_kpi(&self, request: &CreateKpiRequest) -> Result<Kpi> {
        self.call(Method::POST, "/kpi", &[], body(request)?)
            .await?
            .json()
    }

    /// Adds a result to a KPI.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::data_insight::kpi::basic::{KpiResult, KpiTarget};
    /// let result = KpiResult::new(1_700_000_000_000_i64, vec![KpiTarget::new("described", "55")]);
    /// om.add_kpi_result("described", &result).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_kpi_result(&self, kpi_fqn: &str, result: &KpiResult) -> Result<Value> {
        self.put_json(&format!("/kpi/{}/kpiResult", path_segment(kpi_fqn)), result)
            .await
    }

    /// Results of a KPI in a time window, newest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let results = om.get_kpi_result("described", openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_kpi_result(&self, kpi_fqn: &str, range: TimeRange) -> Result<Vec<KpiResult>> {
        self.list_data(
            &format!("/kpi/{}/kpiResult", path_segment(kpi_fqn)),
            &range.query(),
        )
        .await
    }

    /// Records a web analytic event (a page view, a custom event).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, event: openmetadata::types::analytics::web_analytic_event_data::WebAnalyticEventData) -> openmetadata::Result<()> {
    /// let stored = om.add_web_analytic_events(&event).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_web_analytic_events(
        &self,
        event: &WebAnalyticEventData,
    ) -> Result<WebAnalyticEventData> {
        self.put_json("/analytics/web/events/collect", event).await
    }

    /// Web analytic events of one type in a time window, newest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::analytics::basic::WebAnalyticEventType;
    /// let views = om.get_web_analytic_events(WebAnalyticEventType::PageView, openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_web_analytic_events(
        &self,
        kind: WebAnalyticEventType,
        range: TimeRange,
    ) -> Result<Vec<WebAnalyticEventData>> {
        let mut query = range.query();
        query.push(("eventType", kind.to_string()));
        self.list_data("/analytics/web/events/collect", &query)
            .await
    }

    /// Deletes the web analytic events of one type strictly before `timestamp`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::analytics::basic::WebAnalyticEventType;
    /// om.delete_web_analytic_event_before_ts_exclusive(WebAnalyticEventType::PageView, 1_700_000_000_000).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_web_analytic_event_before_ts_exclusive(
        &self,
        kind: WebAnalyticEventType,
        timestamp: i64,
    ) -> Result<()> {
        let path = format!("/analytics/web/events/{kind}/{timestamp}/collect");
        self.call(Method::DELETE, &path, &[], None)
            .await
            .map(|_| ())
    }

    /// Profiles of every entity of a type in a time window (profile_mixin's
    /// `get_profile_data_by_type`), optionally of one profile type only.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::type_::entity_profile::ProfileTypeEnum;
    /// let columns = om.get_entity_profiles("table", openmetadata::TimeRange { start: 0, end: i64::MAX }, Some(ProfileTypeEnum::Column)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_entity_profiles(
        &self,
        entity_type: &str,
        range: TimeRange,
        profile_type: Option<ProfileTypeEnum>,
    ) -> Result<Vec<EntityProfile>> {
        let mut query = range.query();
        if let Some(t) = profile_type {
            query.push(("profileType", t.to_string()));
        }
        self.list_data(
            &format!("/entity/profiles/{}", path_segment(entity_type)),
            &query,
        )
        .await
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/insights.rs"]
mod blocking_twins;
