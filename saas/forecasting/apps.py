from saas import modules


class ForecastingConfig(modules.ModuleConfig):
    name = "saas.forecasting"
    label = "forecasting"
    verbose_name = "Forecasting"
    declaration = "saas.forecasting.module.FORECASTING"
