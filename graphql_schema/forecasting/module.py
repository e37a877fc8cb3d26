"""Forecasting in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.forecasting.module import FORECASTING

from .mutations import ForecastingMutation
from .queries import ForecastingQuery

FORECASTING_API = ApiModule("forecasting", query=ForecastingQuery, mutation=ForecastingMutation, domain=FORECASTING)
