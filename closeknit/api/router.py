from ninja import NinjaAPI

api = NinjaAPI(title="closeknit API", version="1")
