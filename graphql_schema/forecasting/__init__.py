"""The forecasting module in the API: sales targets, the forecast, commission rules and statements."""
