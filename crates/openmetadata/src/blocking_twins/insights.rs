//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `insights.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::add_data_insight_report_data`](crate::OpenMetadata::add_data_insight_report_data).
    pub fn add_data_insight_report_data(&self, record: &ReportData) -> Result<ReportData> {
        self.call(|c| c.add_data_insight_report_data(record))
    }

    /// Blocking [`OpenMetadata::get_data_insight_report_data`](crate::OpenMetadata::get_data_insight_report_data).
    pub fn get_data_insight_report_data(
        &self,
        range: TimeRange,
        kind: ReportDataType,
    ) -> Result<Vec<ReportData>> {
        self.call(|c| c.get_data_insight_report_data(range, kind))
    }

    /// Blocking [`OpenMetadata::delete_report_data_at_date`](crate::OpenMetadata::delete_report_data_at_date).
    pub fn delete_report_data_at_date(&self, kind: ReportDataType, date: &str) -> Result<()> {
        self.call(|c| c.delete_report_data_at_date(kind, date))
    }

    /// Blocking [`OpenMetadata::delete_report_data`](crate::OpenMetadata::delete_report_data).
    pub fn delete_report_data(&self, kind: ReportDataType) -> Result<()> {
        self.call(|c| c.delete_report_data(kind))
    }

    /// Blocking [`OpenMetadata::get_aggregated_data_insight_results`](crate::OpenMetadata::get_aggregated_data_insight_results).
    pub fn get_aggregated_data_insight_results(
        &self,
        range: TimeRange,
        chart: DataInsightChartType,
        index: &str,
        extra: &[(&str, String)],
    ) -> Result<DataInsightChartResult> {
        self.call(|c| c.get_aggregated_data_insight_results(range, chart, index, extra))
    }

    /// Blocking [`OpenMetadata::create_kpi`](crate::OpenMetadata::create_kpi).
    pub fn create_kpi(&self, request: &CreateKpiRequest) -> Result<Kpi> {
        self.call(|c| c.create_kpi(request))
    }

    /// Blocking [`OpenMetadata::add_kpi_result`](crate::OpenMetadata::add_kpi_result).
    pub fn add_kpi_result(&self, kpi_fqn: &str, result: &KpiResult) -> Result<Value> {
        self.call(|c| c.add_kpi_result(kpi_fqn, result))
    }

    /// Blocking [`OpenMetadata::get_kpi_result`](crate::OpenMetadata::get_kpi_result).
    pub fn get_kpi_result(&self, kpi_fqn: &str, range: TimeRange) -> Result<Vec<KpiResult>> {
        self.call(|c| c.get_kpi_result(kpi_fqn, range))
    }

    /// Blocking [`OpenMetadata::add_web_analytic_events`](crate::OpenMetadata::add_web_analytic_events).
    pub fn add_web_analytic_events(
        &self,
        event: &WebAnalyticEventData,
    ) -> Result<WebAnalyticEventData> {
        self.call(|c| c.add_web_analytic_events(event))
    }

    /// Blocking [`OpenMetadata::get_web_analytic_events`](crate::OpenMetadata::get_web_analytic_events).
    pub fn get_web_analytic_events(
        &self,
        kind: WebAnalyticEventType,
        range: TimeRange,
    ) -> Result<Vec<WebAnalyticEventData>> {
        self.call(|c| c.get_web_analytic_events(kind, range))
    }

    /// Blocking [`OpenMetadata::delete_web_analytic_event_before_ts_exclusive`](crate::OpenMetadata::delete_web_analytic_event_before_ts_exclusive).
    pub fn delete_web_analytic_event_before_ts_exclusive(
        &self,
        kind: WebAnalyticEventType,
        timestamp: i64,
    ) -> Result<()> {
        self.call(|c| c.delete_web_analytic_event_before_ts_exclusive(kind, timestamp))
    }

    /// Blocking [`OpenMetadata::get_entity_profiles`](crate::OpenMetadata::get_entity_profiles).
    pub fn get_entity_profiles(
        &self,
        entity_type: &str,
        range: TimeRange,
        profile_type: Option<ProfileTypeEnum>,
    ) -> Result<Vec<EntityProfile>> {
        self.call(|c| c.get_entity_profiles(entity_type, range, profile_type))
    }
}
